//go:build !amd64 || amd64.v3

package points

// mathIsUnfused is false where math.Sin may fuse or use assembly; sin and
// cos are then only compared within an ulp.
const mathIsUnfused = false
