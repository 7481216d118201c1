// The cross-engine subset (cross-engine.mjs) in Chromium, so the same tests pass in all three engines
// (the rest of tests/e2e/ covers Chromium in depth).
import { crossEngineSuite } from './cross-engine.mjs';

crossEngineSuite('chromium');
