import { describe, expect, it } from 'vitest';
import { expandDotenv, parseDotenv } from '../../src/core/model/dotenv-text.js';

// Each expected value is what the Serverless Framework v3.40's own dotenv 16.6 and dotenv-expand 10 give.
describe("serverless.yml's dotenv files, parsed as dotenv parses them", () => {
  it.each<[string, string, Record<string, string>]>([
    ["plain", "A=plain value # comment", {"A": "plain value"}],
    ["double quotes keep a #", "B=\"double # not comment\"", {"B": "double # not comment"}],
    ["export and spaces", "export  C = spaced  ", {"C": "spaced"}],
    ["colon form", "D: colon-form", {"D": "colon-form"}],
    ["a colon needs a blank after it", "E:nospace", {}],
    ["back quotes", "F=`backtick`", {"F": "backtick"}],
    ["single quotes keep \\n", "G='a\\nb'", {"G": "a\\nb"}],
    ["double quotes make \\n and \\r a line break and a carriage return", "H=\"a\\nb\\rc\"", {"H": "a\nb\rc"}],
    ["a double-quoted value over lines", "I=\"multi\nline\"\nJ=after", {"I": "multi\nline", "J": "after"}],
    ["an unclosed quote is the line as written", "K=\"open\nL=next", {"K": "\"open", "L": "next"}],
    ["a # without a blank ends the value", "M=abc#def", {"M": "abc"}],
    ["empty values", "N=\nO=#only comment", {"N": "", "O": ""}],
    ["text after the closing quote", "P=\"x\" y", {"P": "\"x\" y"}],
    ["escaped quotes stay escaped", "Q=\"say \\\"hi\\\"\"", {"Q": "say \\\"hi\\\""}],
    ["dots and dashes in keys", "my.key-1=v", {"my.key-1": "v"}],
    ["the last of a key wins", "R=1\nR=2", {"R": "2"}],
    ["lines that are not bindings", "just words\n=novalue\nS=ok", {"S": "ok"}],
    ["CRLF line ends", "T=crlf\r\nU=next\r\n", {"T": "crlf", "U": "next"}],
    ["a byte order mark", "\ufeffV=bom", {"V": "bom"}],
  ])('%s', (_, text, expected) => {
    expect(parseDotenv(text)).toEqual(expected);
  });
});

describe('and expanded as dotenv-expand expands them', () => {
  it.each<[string, string, Record<string, string>, Record<string, string>]>([
    ["braces and bare names", "BASE=base\nA=${BASE}-x\nB=$BASE/y", {}, {"BASE": "base", "A": "base-x", "B": "base/y"}],
    ["a default", "A=${MISSING:-fallback}", {}, {"A": "fallback"}],
    ["the shell first", "A=${HOME_SET}\nHOME_SET=file", {"HOME_SET": "shell"}, {"A": "shell", "HOME_SET": "shell"}],
    ["an empty shell variable counts as none", "E=${EMPTY:-d}", {"EMPTY": ""}, {"E": "d"}],
    ["a later key, as written", "L=${LATER}\nLATER=later", {}, {"L": "later", "LATER": "later"}],
    ["a later key's own variables, expanded in turn", "L=${LATER}\nLATER=${BASE}!\nBASE=b", {}, {"L": "b!", "LATER": "b!", "BASE": "b"}],
    ["in single quotes too", "S='single $NOPE'", {}, {"S": "single "}],
    ["an escaped dollar", "K=\\$escaped", {}, {"K": "$escaped"}],
    ["a lone dollar stops it", "P=cost $ ${X}", {"X": "x"}, {"P": "cost $ x"}],
    ["a variable the shell sets is expanded from the shell", "S=${A}", {"S": "shell-$A", "A": "a"}, {"S": "shell-a"}],
    ["an escaped one the same as another", "Q=\\${A} ${A}", {"A": "a"}, {"Q": "\\a a"}],
    ["unbraced name ends at a non-word", "U=$A-$B.c", {"A": "1", "B": "2"}, {"U": "1-2.c"}],
    ["a dollar pattern in a value", "R=${P}", {"P": "a$$b"}, {"R": "a"}],
    ["a rightmost lone dollar stops it", "P=${X} costs $", {"X": "x"}, {"P": "${X} costs $"}],
  ])('%s', (_, text, shell, expected) => {
    expect(expandDotenv(parseDotenv(text), shell)).toEqual(expected);
  });

  it('stops a value that keeps naming itself, which the Framework expands until its stack overflows', () => {
    expect(expandDotenv({ R: '${P}' }, { P: 'a$&' })).toEqual({ R: expect.stringMatching(/^a+\$\{P\}$/) });
  });
});
