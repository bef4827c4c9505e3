// A file named like a template can hold anything: an image, an archive, a compiled binary. Its bytes must
// never be echoed back in a message (a parser's error quotes the text around the error), so such a file
// is recognised first and described without quoting it.

/** How much of the text is looked at: enough to recognise binary data, cheap for any file size. */
const SAMPLE_CHARS = 4096;

/** Above this share of unusual characters in the sample, the file is binary rather than text with a stray byte. */
const MAX_UNUSUAL_SHARE = 0.1;

/**
 * Characters that do not occur in JSON or YAML text: C0 controls other than tab, line feed and carriage
 * return, DEL, and U+FFFD (what invalid UTF-8 decodes to).
 */
const UNUSUAL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g;

/**
 * A problem that names `file` and says it is binary (without quoting any of it), when `text` holds a NUL
 * character or mostly characters that text formats do not use; otherwise `undefined`.
 */
export function binaryContentProblem(text: string, file: string): string | undefined {
  const sample = text.slice(0, SAMPLE_CHARS);
  const unusual = sample.match(UNUSUAL)?.length ?? 0;
  if (!sample.includes('\u0000') && unusual <= sample.length * MAX_UNUSUAL_SHARE) {
    return undefined;
  }
  return `${file}: not a text file (it holds binary data); expected a CloudFormation template (JSON or YAML)`;
}
