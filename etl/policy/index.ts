/** Policy layer: task list parser, department dimension, policy profiles. */
export {
  cleanDepartmentText,
  getDepartment,
  listDepartments,
  loadDepartments,
  normalizeDepartment,
  splitDepartments,
  type Department,
  type DepartmentKind
} from './departments';
export {
  compareExtractions,
  parseChineseNumeral,
  parseTaskList,
  toChineseNumeral,
  type DeptSource,
  type ExtractionDifference,
  type LabelMismatch,
  type ParsedDirection,
  type ParsedMeasure,
  type ParsedTask,
  type TaskListResult
} from './parse-tasks';
export {
  DEFAULT_PROFILE_ID,
  EVALUATION_METRICS,
  PARK_LEVELS,
  RULE_CATALOG,
  TARGET_METRICS,
  listProfiles,
  loadProfile,
  ProfileError,
  taskDepartments,
  validateProfile,
  type LoadedProfile,
  type PolicyProfile,
  type PolicyRule,
  type Profile,
  type ProfileSummary,
  type ProfileTarget,
  type ProfileTask,
  type RuleId,
  type TaskDepartmentRow
} from './profile';
export { POLICY_DIR, POLICY_TEXT_DIR, LIAONING_TEXT_FILES } from './paths';
