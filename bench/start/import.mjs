// The start-cost row: a Node start that imports the package by its name
// (resolved through package.json "exports", as a user's code would).
await import('memview');
