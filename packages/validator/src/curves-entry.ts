// @hem/validator/curves: the curve registry (what the code knows of each curve the key table
// may name) and its field arithmetic, for key conversion and key-making tools. No library.
export { CURVES, bytesToBigInt, curveOf, sec1HasX, sec1OnCurve, type CurveInfo, type EdwardsCurve, type LatticeSet, type MontgomeryCurve, type Sec1Curve } from './curves.js';
