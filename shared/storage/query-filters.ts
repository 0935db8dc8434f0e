/**
 * Filters on a DynamoDB query of the review listings (applications, members): conditions on the items
 * of a partition, written as one FilterExpression with their values.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/** One condition: its expression and the values it names. */
export type Condition = [string, Record<string, unknown>];

export const filterExpression = (conditions: Condition[]) => {
  if (conditions.length === 0) return {};
  const values = Object.assign({}, ...conditions.map(([, v]) => v));
  return { FilterExpression: conditions.map(([e]) => e).join(' AND '), ExpressionAttributeValues: values };
};

/** `attribute IN (…)` over these values. */
export const inList = (attribute: string, values: string[]): Condition => {
  const names = values.map((_, i) => `:${attribute}${i}`);
  return [
    `${attribute} IN (${names.join(', ')})`,
    Object.fromEntries(values.map((v, i) => [`:${attribute}${i}`, v])),
  ];
};

/** The conditions on the work an item is about: its trade, and one platform among its platforms. */
export const workConditions = (filters: { trade?: string; platform?: string }): Condition[] => [
  ...(filters.trade ? [['trade = :trade', { ':trade': filters.trade }] satisfies Condition] : []),
  ...(filters.platform
    ? [['contains(platforms, :platform)', { ':platform': filters.platform }] satisfies Condition]
    : []),
];

/** A partition's query with the conditions added. */
export const withConditions = (input: QueryCommandInput, conditions: Condition[]): QueryCommandInput => {
  const extra = filterExpression(conditions);
  return {
    ...input,
    ...(extra.FilterExpression ? { FilterExpression: extra.FilterExpression } : {}),
    ExpressionAttributeValues: {
      ...input.ExpressionAttributeValues,
      ...(extra.ExpressionAttributeValues ?? {}),
    },
  };
};
