//go:build !race

package govtext

const raceEnabled = false
