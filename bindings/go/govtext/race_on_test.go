//go:build race

package govtext

// The race detector's shadow memory makes RSS meaningless.
const raceEnabled = true
