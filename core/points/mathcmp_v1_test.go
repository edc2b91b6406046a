//go:build amd64 && !amd64.v3

package points

// mathIsUnfused says this build's math.Sin and math.Cos run portable Go
// without fused multiply-adds, so sin and cos must equal them bit for bit.
const mathIsUnfused = true
