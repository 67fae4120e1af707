// An input whose value is a string in state: `onChange` gets the text itself.
import type { InputHTMLAttributes } from "react";

export type TextInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange"> & {
  value: string;
  onChange: (value: string) => void;
};

export function TextInput({ onChange, ...input }: TextInputProps) {
  return <input {...input} onChange={(e) => onChange(e.target.value)} />;
}
