// Builds scripts/load.sh's JSON without hand-quoting it in bash.
//
//   node results.mjs object key=value key[]=<numbers> key:=<json> ...
//                                                       # prints one JSON object: a value that is a number becomes
//                                                       # one; key[]= is always a list of numbers (space-separated)
//   node results.mjs write <path> <machine-json> <settings-json> < figures.jsonl
//                                                       # writes { generated_utc, machine, settings, figures }
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const number = /^-?\d+(\.\d+)?$/;

function valueOf(text) {
  if (number.test(text)) return Number(text);
  const parts = text.split(/[ ,]+/).filter(part => part.length > 0);
  if (parts.length > 1 && parts.every(part => number.test(part))) return parts.map(Number);
  return text;
}

function object(pairs) {
  const result = {};
  for (const pair of pairs) {
    const json = /^([^=:]+):=(.*)$/s.exec(pair);
    if (json) {
      result[json[1]] = JSON.parse(json[2]);
      continue;
    }
    const list = /^([^=]+)\[\]=(.*)$/s.exec(pair);
    if (list) {
      result[list[1]] = list[2].split(/[ ,]+/).filter(part => part.length > 0).map(Number);
      continue;
    }
    const plain = /^([^=]+)=(.*)$/s.exec(pair);
    if (!plain) throw new Error(`not key=value or key:=json: ${pair}`);
    result[plain[1]] = valueOf(plain[2]);
  }
  return result;
}

const [command, ...rest] = process.argv.slice(2);
if (command === "object") {
  console.log(JSON.stringify(object(rest)));
} else if (command === "write") {
  const [path, machine, settings] = rest;
  const figures = readFileSync(0, "utf8").split("\n").filter(line => line.trim().length > 0).map(line => JSON.parse(line));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify({
    generated_utc: new Date().toISOString(),
    machine: JSON.parse(machine),
    settings: JSON.parse(settings),
    figures,
  }, null, 2) + "\n");
} else {
  throw new Error(`unknown command ${command}`);
}
