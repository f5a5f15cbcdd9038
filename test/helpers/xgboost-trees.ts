/** Our GBDT's trees in the forms the XGBoost parity fixtures store (test/fixtures/xgboost/*.py). */
import type { GradientBoostedTrees } from "../../models/gbdt.ts";

/**
 * A tree of ours in pre-order from its root `node` (global index): a split as [feature, split value]
 * (and its default direction with `defaultLeft`), a leaf as [value] (a zero leaf as +0: XGBoost's
 * dump and Domus can differ in the sign of a zero leaf, which changes no prediction).
 */
export function preorder(model: GradientBoostedTrees, node: number, defaultLeft: boolean, out: number[][] = []): number[][] {
  const trees = model.trees;
  if (trees.feature[node]! < 0) out.push([trees.value[node]! + 0]);
  else {
    out.push(defaultLeft ? [trees.feature[node]!, trees.threshold[node]!, trees.defaultLeft![node]!] : [trees.feature[node]!, trees.threshold[node]!]);
    preorder(model, trees.left[node]!, defaultLeft, out);
    preorder(model, trees.right[node]!, defaultLeft, out);
  }
  return out;
}

/** The fixture's pre-order nodes with their numbers as the float32 values they are (zero leaves as +0). */
export const float32Nodes = (nodes: number[][]) => nodes.map((n) => (n.length === 1 ? [Math.fround(n[0]!) + 0] : [n[0]!, Math.fround(n[1]!), ...n.slice(2)]));

/** The output as XGBoost's predictor forms it: the leaves reached, added in float32 to the float32 base score. */
export function xgboostSum(model: GradientBoostedTrees, row: readonly number[]): number {
  const offsets = model.trees.treeOffsets;
  let sum = Math.fround(model.baseScore);
  for (let t = 0; t + 1 < offsets.length; t++) sum = Math.fround(sum + model.trees.leafValue(row, 0, offsets[t]!));
  return sum;
}
