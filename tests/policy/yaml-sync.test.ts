import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShippedText, renderSections, replaceGeneratedBlock, toProfileSections } from '../../etl/policy/generate';
import { LIAONING_TEXT_FILES, POLICY_DIR, PROJECT_ROOT } from '../../etl/policy/paths';
import { loadProfile } from '../../etl/policy/profile';

const [file000, file001] = LIAONING_TEXT_FILES;

describe('liaoning.yaml 与解析结果一致', () => {
  const profile = loadProfile('liaoning');
  const parsed = toProfileSections(parseShippedText(file000));

  it('uses the shipped 000 extraction as its document', () => {
    expect(profile.document.file).toBe(`text/${file000}`);
    expect(profile.document.alternate_files).toEqual([`text/${file001}`]);
  });

  it('tasks, measures and directions equal the parser output on the shipped text', () => {
    expect(profile.tasks).toEqual(parsed.tasks);
    expect(profile.measures).toEqual(parsed.measures);
    expect(profile.directions).toEqual(parsed.directions);
  });

  it('the other extraction gives the same YAML except task 4/10 wording and where task 7–9 departments come from', () => {
    const other = toProfileSections(parseShippedText(file001));
    const strip = (ts: typeof other.tasks) => ts.map(({ dept_source: _s, text: _t, ...rest }) => rest);
    expect(strip(other.tasks)).toEqual(strip(parsed.tasks));
    expect(other.measures).toEqual(parsed.measures);
    expect(other.directions).toEqual(parsed.directions);
    expect(other.tasks.filter((t) => t.dept_source === 'body').map((t) => t.no)).toEqual([7, 8, 9]);
    expect(other.tasks.filter((t, i) => t.text !== parsed.tasks[i]!.text).map((t) => t.no)).toEqual([4, 10]);
  });

  it('the generated block is byte-identical to what the CLI writes', () => {
    const yamlText = readFileSync(path.join(POLICY_DIR, 'liaoning.yaml'), 'utf8');
    expect(replaceGeneratedBlock(yamlText, renderSections(parsed, file000))).toBe(yamlText);
    // a hand edit inside the block is detected
    const edited = yamlText.replace('lead: 省教育厅', 'lead: 省科技厅');
    expect(edited).not.toBe(yamlText);
    expect(replaceGeneratedBlock(edited, renderSections(parsed, file000))).not.toBe(edited);
  });

  it('cli: tasks prints the list, tasks --check passes', () => {
    const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
    const cli = path.join(PROJECT_ROOT, 'etl', 'policy', 'cli.ts');
    const out = execFileSync(tsx, [cli, 'tasks', '--file', file001], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(out).toContain('43 项任务，4 个重点方向，15 项工作措施');
    expect(out).toContain('（十五）强化科技安全和科技伦理治理');
    expect(out).toMatch(/41\. 对可能影响国家安全[\s\S]*牵头：省科技厅；配合：省商务厅（表格）/);
    const check = execFileSync(tsx, [cli, 'tasks', '--check'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(check).toContain('一致');
  });
});
