// One fast-check seed for every property in a run: CI must give the same verdict on the same code.
// FC_SEED replays another seed (a failure prints the seed and path it needs).
import fc from "fast-check";

const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : 20261126;
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
