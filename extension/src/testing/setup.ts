import { beforeEach, vi } from "vitest";
import { serveRefreshes } from "../features/refresh";
import { refreshOnce } from "../features/refresh-here";
import { createChromeStub, setBrowserLanguage } from "./chrome-stub";

// Every extension unit test runs against one `chrome` stub, emptied before each test, and with no
// network: a test that talks to the service says so with fakeService().
const chromeStub = createChromeStub();
vi.stubGlobal("chrome", chromeStub);

beforeEach(() => {
  chromeStub.reset();
  // An Italian browser, whatever the machine running the tests (Node's navigator says en-US).
  setBrowserLanguage("it-IT");
  // The tests run where the background worker does: refreshes run here, and a page's request
  // (a runtime message from another copy of the modules) is answered as the worker answers it.
  serveRefreshes(refreshOnce);
  vi.stubGlobal("fetch", () => Promise.reject(new TypeError("fetch failed: no fakeService() in this test")));
});
