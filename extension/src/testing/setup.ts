import { beforeEach, vi } from "vitest";
import { createChromeStub } from "./chrome-stub";

// Every extension unit test runs against one `chrome` stub, emptied before each test, and with no
// network: a test that talks to the service says so with fakeService().
const chromeStub = createChromeStub();
vi.stubGlobal("chrome", chromeStub);

beforeEach(() => {
  chromeStub.reset();
  vi.stubGlobal("fetch", () => Promise.reject(new TypeError("fetch failed: no fakeService() in this test")));
});
