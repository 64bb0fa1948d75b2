import { stableUuid } from "../../components/settings/render";

/** Fake object ids are stable UUIDs of the resource's name: the same stack, the same ids. */
export const fakeGuid = stableUuid;
