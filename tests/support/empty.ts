// Stands in for the `server-only` package in tests, which run outside Next's server bundle.
export {};
