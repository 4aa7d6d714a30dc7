/**
 * The NixOS module `services.bitpoll` and its companions, as nix-ast values.
 *
 * @module
 */
export { bitpollModule } from "./module.js";
export { bitpollOptions, instanceOptions, INSTANCE_OPTION_NAMES } from "./options.js";
export { SANDBOX, networkSandbox, unitSection, PUBLIC_ADDRESSES, ipv4Complement, type OutboundNetwork, type UnitValue } from "./hardening.js";
export { bitpollOciImage, bitpollQuadlet, bitpollSystemdUnit } from "./container.js";
export { bitpollVmTest, VM_TEST_SCRIPT } from "./vmtest.js";
export { PYTHON_PRELUDE, toPythonFn } from "./python.js";
export { SETTINGS_ENV, MANAGE_BIN, SERVER_BIN, STATIC_OUTPUT, DEFAULT_UNIT } from "./contract.js";
export { bitpollModuleExpr, renderBitpollModule, INSTANCE_OPTIONS_FN } from "./render.js";
export type { BitpollOptionTree, InstanceOptionTree } from "./options.js";
export {
  FEATURES,
  MODULE_FEATURES,
  feature,
  featuresTable,
  defaultFeatures,
  type Assertion,
  type FeatureDef,
  type ModuleFeature,
} from "./features.js";
export { secretFile, type InstanceNaming } from "./naming.js";
