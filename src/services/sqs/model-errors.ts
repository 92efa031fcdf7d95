import { sqsModel } from './model.js';

/** The query code AWS shows for an error shape (batch `Failed[].Code` uses it in both protocols). */
export function queryCode(shape: string): string {
  return sqsModel.errors[shape]?.code ?? shape;
}
