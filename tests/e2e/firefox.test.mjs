// The cross-engine subset (cross-engine.mjs) in Firefox ESR (Debian's firefox-esr, puppeteer-core over WebDriver BiDi).
import { crossEngineSuite } from './cross-engine.mjs';

crossEngineSuite('firefox');
