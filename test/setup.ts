// One fast-check seed for every property in a run (chosen and printed once by test/global-setup.ts;
// FC_SEED replays it). fc.assert, fc.sample and assertBatched all read it from the global config,
// so no suite passes a seed of its own.
import fc from "fast-check";
import { inject } from "vitest";
import "./global-setup.js";

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: inject("fcSeed") });
