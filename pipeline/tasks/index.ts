// The tasks the kit trains for, by name: one folder each.
import { classificationTask } from './classification/index.ts';
import { regressionTask } from './regression/index.ts';
import type { Task, TaskSpec } from './task.ts';

const TASKS: Record<TaskSpec['task'], (spec: TaskSpec) => Task> = {
  classification: classificationTask,
  regression: regressionTask,
};

export function createTask(spec: TaskSpec): Task {
  return TASKS[spec.task](spec);
}

export type { Task, TaskSpec };
