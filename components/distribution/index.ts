export { MdmDistribution, MdmDistributionArgs } from "./mdm-distribution";
export { ClientHelpers, clientHelpers } from "./client-helpers";
