import { describe, expect, it } from 'vitest';
import { newerSyntaxRuntime } from '../../src/core/packaging/newer-syntax.js';

describe('newerSyntaxRuntime: whether a refused line is syntax a newer Python has', () => {
  it.each<[string, string, string, string | undefined]>([
    ['a typo', 'def f(:', 'python3.11', undefined],
    ['a missing colon', 'if x', 'python3.13', undefined],
    ['an unclosed bracket', 'x = [1, 2', 'python3.9', undefined],
    ['match on 3.9', '    match command:', 'python3.9', 'python3.10'],
    ['case on 3.9', "        case 'go':  # move", 'python3.9', 'python3.10'],
    ['match on 3.10, which has it (another mistake)', 'match command:', 'python3.10', undefined],
    ['except* on 3.10', 'except* ValueError as group:', 'python3.10', 'python3.11'],
    ['a type alias on 3.11', 'type Point = tuple[float, float]', 'python3.11', 'python3.12'],
    ['a generic function on 3.11', 'def first[T](items: list[T]) -> T:', 'python3.11', 'python3.12'],
    ['a generic class on 3.11', 'class Box[T]:', 'python3.11', 'python3.12'],
    ['an f-string reusing its quote on 3.11', 'print(f"{user["name"]} signed in")', 'python3.11', 'python3.12'],
    ['an f-string with other quotes on 3.11 (another mistake)', "print(f\"{user['name']} signed in\"", 'python3.11', undefined],
    ['a type parameter default on 3.12', 'def first[T = int](items: list[T]) -> T:', 'python3.12', 'python3.13'],
    ['except without parentheses on 3.13', 'except ValueError, TypeError:', 'python3.13', 'python3.14'],
    ['except without parentheses but with as (no Python accepts it)', 'except ValueError, TypeError as e:', 'python3.13', undefined],
    ['a template string on 3.13', 'query = t"SELECT * FROM users WHERE id = {uid}"', 'python3.13', 'python3.14'],
    ['a runtime that is not Python', 'match x:', 'nodejs20.x', undefined],
  ])('%s', (_, line, runtime, expected) => {
    expect(newerSyntaxRuntime(line, runtime)).toBe(expected);
  });
});
