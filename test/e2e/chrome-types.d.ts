// The e2e tests run code inside the extension (worker.evaluate), where `chrome` exists.
/// <reference types="chrome" />
