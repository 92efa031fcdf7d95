/** 0008: tags on Kinesis enhanced fan-out consumers (RegisterStreamConsumer Tags, TagResource by consumer ARN). */
export const sql = `
ALTER TABLE kinesis_consumers ADD COLUMN tags TEXT NOT NULL DEFAULT '{}';
`;
