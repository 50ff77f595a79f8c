import { PDFDocument } from 'pdf-lib';

/**
 * Concatenates PDFs into one, every page of every input in order, each page keeping its own size
 * (an A6 label stays A6 next to an A4 packing slip). For printing all labels or slips of a bulk
 * action in one go.
 */
export async function mergePdfs(pdfs: readonly Uint8Array[]): Promise<Buffer> {
  if (pdfs.length === 0) throw new Error('mergePdfs: no PDFs to merge (the list is empty)');
  const merged = await PDFDocument.create();
  merged.setProducer('Shipdesk');
  merged.setCreator('Shipdesk');
  for (const [index, pdf] of pdfs.entries()) {
    let source: PDFDocument;
    try {
      source = await PDFDocument.load(pdf, { updateMetadata: false });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`mergePdfs: PDF ${index + 1} of ${pdfs.length} could not be read: ${reason}`, { cause: error });
    }
    const pages = await merged.copyPages(source, source.getPageIndices());
    for (const page of pages) merged.addPage(page);
  }
  if (merged.getPageCount() === 0) throw new Error('mergePdfs: the PDFs hold no pages');
  return Buffer.from(await merged.save());
}
