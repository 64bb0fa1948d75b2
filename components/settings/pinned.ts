import * as packageJson from "../../package.json";

/** The Claude Code release the compiled settings target and `npm run verify` runs. */
export const PINNED_CLIENT_VERSION: string = packageJson.devDependencies["@anthropic-ai/claude-code"];
