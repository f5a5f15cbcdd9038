/** Shared checks for the versioned JSON every estimator writes with `toJSON()` and reads with `load()`. */

export class ModelFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModelFormatError";
  }
}

export function expectObject(json: unknown, what: string): Record<string, unknown> {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new ModelFormatError(`${what}: expected a JSON object, got ${json === null ? "null" : Array.isArray(json) ? "an array" : typeof json}`);
  }
  return json as Record<string, unknown>;
}

/**
 * Checks `name` and `formatVersion` (one version, or every version this Domus still reads), so a
 * model of another kind or a newer format is refused clearly.
 */
export function expectHeader(json: unknown, name: string, formatVersion: number | readonly number[]): Record<string, unknown> {
  const obj = expectObject(json, name);
  if (obj.name !== name) throw new ModelFormatError(`expected a ${name} model, got ${JSON.stringify(obj.name ?? null)}`);
  const versions: readonly unknown[] = typeof formatVersion === "number" ? [formatVersion] : formatVersion;
  if (!versions.includes(obj.formatVersion)) {
    throw new ModelFormatError(`${name}: unsupported formatVersion ${JSON.stringify(obj.formatVersion ?? null)} (this Domus reads ${versions.join(", ")})`);
  }
  return obj;
}

export function expectNumberArray(value: unknown, what: string, length?: number): number[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "number" && Number.isFinite(v))) {
    throw new ModelFormatError(`${what}: expected an array of finite numbers`);
  }
  if (length !== undefined && value.length !== length) {
    throw new ModelFormatError(`${what}: expected ${length} values, got ${value.length}`);
  }
  return value as number[];
}

export function expectFiniteNumber(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new ModelFormatError(`${what}: expected a finite number`);
  return value;
}

export function expectStringArray(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw new ModelFormatError(`${what}: expected an array of strings`);
  }
  return value as string[];
}
