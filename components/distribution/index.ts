export { MdmDistribution, MdmDistributionArgs } from "./mdm-distribution";
export { ClientHelpers, clientHelpers, namedHelpers } from "./client-helpers";
