import { describe, expect, it } from 'vitest';
import { parseSamDotenv } from '../../src/core/model/sam-dotenv.js';

/**
 * An --env-vars .env file as SAM CLI reads it: python-dotenv's dotenv_values (samcli invoke_context.py
 * `_parse_dotenv_file`). Each expected value is what python-dotenv 1.2.4 returned for the text, with SHELLVAR=fromshell
 * in its environment (`env -i SHELLVAR=fromshell python -c 'dotenv_values(stream=...)'`), None as "" (SAM CLI's
 * env_vars.py `_stringify_value`).
 */
describe('parseSamDotenv: python-dotenv\'s rules, as sam local --env-vars applies them', () => {
  it.each<[string, string, Record<string, string>]>([
    ['a value, spaces around = and after it', 'A=1\nB = two words  \n', { A: '1', B: 'two words' }],
    ['export and a key in single quotes', 'export A=1\n\'B\'=2\nexportC=3\n', { A: '1', B: '2', exportC: '3' }],
    ['comments: a line, after a value, # without a blank before it', '# c\nA=1 # c\nB=x#y\nC= #nothing\nD=#kept\n', { A: '1', B: 'x#y', C: '', D: '#kept' }],
    ['double quotes: escapes, a # kept, a comment after', 'A="line\\nnext\\ttab \\"q\\" \\\\ \\x"\nB="not # a comment" # a comment\n', { A: 'line\nnext\ttab "q" \\ \\x', B: 'not # a comment' }],
    ['single quotes: no escapes but \\\\ and \\\'', 'A=\'raw\\n \\\' \\\\\'\nB=\'${SHELLVAR}\'\n', { A: 'raw\\n \' \\', B: 'fromshell' }],
    ['a quoted value over several lines', 'A="one\ntwo"\nB=\'three\nfour\'\nC=5\n', { A: 'one\ntwo', B: 'three\nfour', C: '5' }],
    ['a key without = has no value (SAM: "")', 'A\nB=\nC=\'\'\n', { A: '', B: '', C: '' }],
    ['${VAR}: the file\'s earlier values, then the shell\'s, then the default', 'A=a\nB=${A}-${SHELLVAR}-${MISSING}-${MISSING:-dflt}-${A:-unused}\nC=$A ${ LATER}\nLATER=l\n', { A: 'a', B: 'a-fromshell--dflt-a', C: '$A ', LATER: 'l' }],
    ['a variable set without a value expands to empty, not its default', 'A\nB=${A:-dflt}\n', { A: '', B: '' }],
    ['a later line wins, and sees the earlier value', 'A=1\nA=${A}2\n', { A: '12' }],
    ['lines it cannot read are skipped', 'A="x" junk\nB=1\n=novalue\nC="unterminated\nD=4\n', { B: '1', D: '4' }],
    ['CRLF and CR line ends, a BOM', '\uFEFFA=1\r\nB=2\rC=3\n', { A: '1', B: '2', C: '3' }],
    ['blank lines and indentation', '\n\n   A=1\n\t\tB=2\n\n', { A: '1', B: '2' }],
  ])('%s', (_name, text, expected) => {
    expect(parseSamDotenv(text, { SHELLVAR: 'fromshell', UNSET: undefined })).toEqual(expected);
  });
});
