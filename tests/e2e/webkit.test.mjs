// The cross-engine subset (cross-engine.mjs) in WebKitGTK (WebKitWebDriver + MiniBrowser under Xvfb), Safari's engine.
import { crossEngineSuite } from './cross-engine.mjs';

crossEngineSuite('webkit');
