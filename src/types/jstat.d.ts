/** The part of jstat (no bundled types) Domus uses. */
declare module "jstat" {
  const jStat: {
    studentt: { cdf(x: number, degreesOfFreedom: number): number };
  };
  export default jStat;
}
