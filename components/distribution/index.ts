export { MdmDistribution, MdmDistributionArgs, validateDistributionConfig } from "./mdm-distribution";
export { bucketPolicyDocument, denyInsecureTransport, keyPolicyDocument, KeyPolicyInput } from "./access";
export { MANIFEST_KEY, ProfileObject, profileObjects, renderManifest, WINDOWS_DIR } from "./publish";
export { payloadFiles } from "./payload-files";
