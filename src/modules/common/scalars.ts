import { DateTimeResolver, JSONResolver } from "graphql-scalars";

/** The contract's DateTime (RFC 3339 strings) and JSON scalars. */
export const DateTimeScalar = DateTimeResolver;
export const JSONScalar = JSONResolver;
