// Placeholder so the target builds before its files land; removed by the lead.
