import type ExcelJS from 'exceljs';

/**
 * Every CSV and XLSX export goes through here, so no text a user typed (a name, a unit, a
 * provider) reaches a spreadsheet as a formula (CSV injection, OWASP): a text cell starting
 * with = + - @, a tab or a carriage return gets a leading apostrophe. Numbers stay numbers.
 */
export const inertText = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** Guards every text cell of every sheet, then writes the workbook as CSV (its first sheet, with a BOM) or XLSX. */
export async function writeSpreadsheet(book: ExcelJS.Workbook, format: 'csv' | 'xlsx'): Promise<Buffer> {
  book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => {
    if (typeof cell.value === 'string') cell.value = inertText(cell.value);
  })));
  if (format === 'xlsx') return Buffer.from(await book.xlsx.writeBuffer());
  // A BOM so spreadsheet programs read the Cyrillic as UTF-8.
  return Buffer.from(await book.csv.writeBuffer({ sheetName: book.worksheets[0]!.name, formatterOptions: { writeBOM: true } }));
}
