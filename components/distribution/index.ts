export { MdmDistribution, MdmDistributionArgs, validateDistributionConfig } from "./mdm-distribution";
export { bucketPolicyDocument, keyPolicyDocument, KeyPolicyInput } from "./access";
export { MANIFEST_KEY, ProfileObject, profileObjects, renderManifest } from "./publish";
export { payloadFiles } from "./payload-files";
export { ClientHelpers, clientHelpers, namedHelpers } from "./client-helpers";
