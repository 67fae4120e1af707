// The circles (Dunbar's layers) a person can be put in, in order, with their names as the
// whole app shows them (unit-tested in circles.test.ts).
import type { Circle } from "../bindings";

export const CIRCLES: { value: Circle; label: string }[] = [
  { value: "inner", label: "Inner" },
  { value: "close", label: "Close" },
  { value: "network", label: "Network" },
  { value: "wider", label: "Wider" },
];

export function circleLabel(c: Circle | null): string {
  return CIRCLES.find((x) => x.value === c)?.label ?? "";
}

export function isCircle(v: string): v is Circle {
  return CIRCLES.some((c) => c.value === v);
}
