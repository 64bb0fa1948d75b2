// The names credentials use are decided in the plan (components/plan/names.ts); this keeps `./names` importers working.
export * from "../plan/names";
