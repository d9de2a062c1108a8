// Baseline for the start-cost row: a Node start that imports nothing.
