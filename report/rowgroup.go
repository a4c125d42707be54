package report

import (
	"github.com/xitongsys/parquet-go/common"
	"github.com/xitongsys/parquet-go/writer"
)

// endRowGroup corrects what parquet-go v1.6.2 records about the row group
// pw has just written, before the footer and page indexes are written:
//
//   - each column chunk's null count, the one statistic DuckDB and others
//     use to skip row groups on IS NULL: parquet-go counts a page's nulls
//     from its first value only (dictionary pages) or misses its first
//     value (plain pages). The count becomes the one marshal took.
//   - the column index of a dictionary-encoded column: parquet-go gives it
//     an entry for the dictionary page as well as for each data page, one
//     more than the offset index has, which shifts every page's minimum and
//     maximum onto the page before. The dictionary's entry is dropped.
//   - the column index of a page of NULLs only: parquet-go gives it no
//     minimum and maximum but does not mark it a null page, so a reader of
//     the page index would take empty bytes for its values.
//   - the offset index of the comparisons columns: parquet-go counts a
//     page's first row in values, and these columns have a value per
//     comparison. Write keeps each of their pages starting at a match, so
//     the row is the value count over the comparisons per match.
//
// The page headers keep parquet-go's null counts: DuckDB, Arrow and Spark
// read the chunk's statistics and the page indexes, not those.
func (w *marshaller) endRowGroup(pw *writer.ParquetWriter) {
	rg := pw.Footer.RowGroups[len(pw.Footer.RowGroups)-1]
	n := len(rg.Columns)
	colIdx := pw.ColumnIndexes[len(pw.ColumnIndexes)-n:]
	offIdx := pw.OffsetIndexes[len(pw.OffsetIndexes)-n:]
	byKey := make(map[string]int, len(w.leaves))
	for k := range w.leaves {
		byKey[w.leaves[k].key] = k
	}
	for c, cc := range rg.Columns {
		k := byKey[common.PathToStr(cc.MetaData.PathInSchema)]
		nulls := w.nulls[k].Swap(0)
		cc.MetaData.Statistics.NullCount = &nulls
		ci := colIdx[c]
		if cc.MetaData.DictionaryPageOffset != nil && len(ci.NullPages) > len(offIdx[c].PageLocations) {
			ci.NullPages, ci.MinValues, ci.MaxValues = ci.NullPages[1:], ci.MinValues[1:], ci.MaxValues[1:]
		}
		for p := range ci.NullPages {
			if ci.MinValues[p] == nil && ci.MaxValues[p] == nil {
				ci.NullPages[p], ci.MinValues[p], ci.MaxValues[p] = true, []byte{}, []byte{}
			}
		}
		if w.leaves[k].maxRep > 0 && w.comparisons > 1 {
			for _, loc := range offIdx[c].PageLocations {
				loc.FirstRowIndex /= int64(w.comparisons)
			}
		}
	}
}
