//! Splits an uploaded file into chunks of whole rows as it streams in, so the file is
//! never held whole in memory and a worker can resume at any chunk. Checks, on the way,
//! what only the whole file can show: the encoding, unterminated quotes, rows too long
//! and too many rows.

use crm_core::FieldError;
use serde::Serialize;

/// The format of a file of records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// RFC 4180 CSV, UTF-8, the first line naming the columns.
    Csv,
    /// One JSON object per line, its keys as the columns.
    Ndjson,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Ndjson => "ndjson",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "csv" => Some(Format::Csv),
            "ndjson" => Some(Format::Ndjson),
            _ => None,
        }
    }
}

/// The most data rows one import may hold.
pub const MAX_ROWS: u64 = 1_000_000;
/// The longest row, in bytes: room for the longest field (an interaction's 100,000
/// character body) with its row, and a bound on what an unclosed quote can swallow.
pub const MAX_ROW_BYTES: usize = 512 << 10;
/// The largest file one import takes, in bytes.
pub const MAX_FILE_BYTES: u64 = 64 << 20;
/// Chunks are cut at the first row end past this size.
pub const CHUNK_BYTES: usize = 1 << 20;

/// Whole rows of the file, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    pub seq: u64,
    /// The number of the chunk's first data row (1-based, the header not counted).
    pub first_row: u64,
    /// The line of the file where the chunk starts (1-based).
    pub first_line: u64,
    pub rows: u64,
    pub data: Vec<u8>,
}

/// Where a CSV scanner is within a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: closes it, unless another quote follows.
    QuoteInQuoted,
}

/// The streaming splitter of one upload.
#[derive(Debug)]
pub struct Splitter {
    format: Format,
    state: State,
    /// The row being read.
    record: Vec<u8>,
    record_line: u64,
    quote_line: u64,
    line: u64,
    header: Option<Vec<u8>>,
    first: bool,
    rows: u64,
    bytes: u64,
    max_rows: u64,
    chunk: Chunk,
}

/// The code of a file with more rows than an import takes.
pub const TOO_MANY_ROWS: &str = "too_many_rows";
/// The code of a file larger than an import takes.
pub const FILE_TOO_LARGE: &str = "file_too_large";

fn file_error(code: &str, message: String) -> FieldError {
    FieldError::new("file", code, message)
}

impl Splitter {
    pub fn new(format: Format) -> Self {
        Self::with_max_rows(format, MAX_ROWS)
    }

    /// A splitter refusing more than `max_rows` data rows.
    pub fn with_max_rows(format: Format, max_rows: u64) -> Self {
        Splitter {
            format,
            state: State::FieldStart,
            record: Vec::new(),
            record_line: 1,
            quote_line: 1,
            line: 1,
            header: None,
            first: true,
            rows: 0,
            bytes: 0,
            max_rows,
            chunk: Chunk {
                seq: 0,
                first_row: 1,
                first_line: 1,
                rows: 0,
                data: Vec::new(),
            },
        }
    }

    /// The CSV header row, once read.
    pub fn header(&self) -> Option<&[u8]> {
        self.header.as_deref()
    }

    /// Data rows seen so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Bytes seen so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Feeds the next bytes; returns the chunks they completed.
    pub fn feed(&mut self, input: &[u8]) -> Result<Vec<Chunk>, FieldError> {
        self.bytes += input.len() as u64;
        if self.bytes > MAX_FILE_BYTES {
            return Err(file_error(
                FILE_TOO_LARGE,
                format!(
                    "an import file is at most {} MiB ({MAX_FILE_BYTES} bytes); split it",
                    MAX_FILE_BYTES >> 20
                ),
            ));
        }
        let csv = self.format == Format::Csv;
        let mut out = Vec::new();
        let mut start = 0;
        for (i, &b) in input.iter().enumerate() {
            if csv {
                self.state = match (self.state, b) {
                    (State::FieldStart, b'"') => {
                        self.quote_line = self.line;
                        State::Quoted
                    }
                    (State::Quoted, b'"') => State::QuoteInQuoted,
                    (State::QuoteInQuoted, b'"') => State::Quoted,
                    (State::Quoted, _) => State::Quoted,
                    (_, b',') => State::FieldStart,
                    (_, b'\n') => State::FieldStart,
                    _ => State::Unquoted,
                };
            }
            if b == b'\n' {
                self.line += 1;
                if self.state != State::Quoted {
                    self.record.extend_from_slice(&input[start..=i]);
                    start = i + 1;
                    self.end_record(&mut out)?;
                }
            }
        }
        self.record.extend_from_slice(&input[start..]);
        if self.record.len() > MAX_ROW_BYTES {
            let why = if self.state == State::Quoted {
                format!(
                    "the quote opened at line {} is never closed (rows are at most 512 KiB)",
                    self.quote_line
                )
            } else {
                "rows must end with a line feed and be at most 512 KiB".to_string()
            };
            return Err(file_error(
                "row_too_long",
                format!("the row at line {} is too long: {why}", self.record_line),
            ));
        }
        Ok(out)
    }

    /// Ends the file: the last row (without a final line feed) and the last chunk.
    pub fn finish(&mut self) -> Result<(Option<Vec<u8>>, Option<Chunk>), FieldError> {
        if self.state == State::Quoted {
            return Err(file_error(
                "unterminated_quote",
                format!(
                    "the quote opened at line {} is never closed",
                    self.quote_line
                ),
            ));
        }
        let mut out = Vec::new();
        if !self.record.is_empty() {
            self.end_record(&mut out)?;
        }
        if self.format == Format::Csv && self.header.is_none() {
            return Err(file_error("empty_file", "the file is empty".into()));
        }
        if self.rows == 0 {
            return Err(file_error("empty_file", "the file has no data rows".into()));
        }
        let last = if self.chunk.rows > 0 {
            Some(std::mem::replace(
                &mut self.chunk,
                Chunk {
                    seq: 0,
                    first_row: 0,
                    first_line: 0,
                    rows: 0,
                    data: Vec::new(),
                },
            ))
        } else {
            out.pop()
        };
        Ok((self.header.clone(), last))
    }

    fn end_record(&mut self, out: &mut Vec<Chunk>) -> Result<(), FieldError> {
        let mut record = std::mem::take(&mut self.record);
        let line = self.record_line;
        self.record_line = self.line;
        if record.len() > MAX_ROW_BYTES {
            return Err(file_error(
                "row_too_long",
                format!(
                    "the row at line {line} is {} bytes; rows are at most 512 KiB",
                    record.len()
                ),
            ));
        }
        if self.first {
            self.first = false;
            if record.starts_with(&[0xFF, 0xFE]) || record.starts_with(&[0xFE, 0xFF]) {
                return Err(file_error(
                    "invalid_encoding",
                    "the file is UTF-16; save it as UTF-8".into(),
                ));
            }
            if record.starts_with(&[0xEF, 0xBB, 0xBF]) {
                record.drain(..3);
            }
        }
        if let Err(e) = std::str::from_utf8(&record) {
            let at = e.valid_up_to();
            let bad_line = line + record[..at].iter().filter(|b| **b == b'\n').count() as u64;
            return Err(file_error(
                "invalid_encoding",
                format!("line {bad_line} is not valid UTF-8; save the file as UTF-8"),
            ));
        }
        if self.format == Format::Csv && self.header.is_none() {
            if record.iter().all(|b| *b == b'\r' || *b == b'\n') {
                return Err(file_error(
                    "missing_header",
                    "the first line must name the columns".into(),
                ));
            }
            self.header = Some(record);
            self.chunk.first_line = self.line;
            return Ok(());
        }
        if self.chunk.data.is_empty() {
            self.chunk.first_line = line;
        }
        self.chunk.data.extend_from_slice(&record);
        if record.iter().any(|b| *b != b'\r' && *b != b'\n') {
            self.rows += 1;
            self.chunk.rows += 1;
            if self.rows > self.max_rows {
                return Err(file_error(
                    TOO_MANY_ROWS,
                    format!(
                        "an import holds at most {} rows; line {line} is row {}",
                        self.max_rows, self.rows
                    ),
                ));
            }
        }
        if self.chunk.data.len() >= CHUNK_BYTES && self.chunk.rows > 0 {
            let next = Chunk {
                seq: self.chunk.seq + 1,
                first_row: self.rows + 1,
                first_line: self.line,
                rows: 0,
                data: Vec::new(),
            };
            out.push(std::mem::replace(&mut self.chunk, next));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(format: Format, text: &[u8], step: usize) -> Result<Vec<Chunk>, FieldError> {
        let mut s = Splitter::new(format);
        let mut chunks = Vec::new();
        for part in text.chunks(step.max(1)) {
            chunks.extend(s.feed(part)?);
        }
        let (_, last) = s.finish()?;
        chunks.extend(last);
        Ok(chunks)
    }

    #[test]
    fn rows_with_quoted_line_feeds_stay_whole_however_the_bytes_arrive() {
        let text = b"\xEF\xBB\xBFname,note\nAda,\"two\nlines, \"\"quoted\"\"\"\nBob,plain\r\n\n";
        for step in [1, 2, 3, 7, 1000] {
            let chunks = split(Format::Csv, text, step).unwrap_or_default();
            assert_eq!(chunks.len(), 1, "step {step}");
            assert_eq!(chunks[0].rows, 2);
            assert_eq!(chunks[0].first_line, 2);
            assert!(chunks[0].data.starts_with(b"Ada,"));
        }
    }

    #[test]
    fn a_row_longer_than_the_limit_is_refused_with_its_line_however_the_bytes_arrive() {
        let mut text = b"name,note\nAda,short\nBob,".to_vec();
        text.extend(std::iter::repeat_n(b'x', MAX_ROW_BYTES));
        text.extend_from_slice(b"\nEve,short\n");
        for step in [1 << 10, MAX_ROW_BYTES * 2] {
            let e = split(Format::Csv, &text, step).err();
            let e = e.map(|e| (e.code, e.message.contains("line 3")));
            assert_eq!(e, Some(("row_too_long".to_string(), true)), "step {step}");
        }
    }

    #[test]
    fn a_file_larger_than_the_limit_is_refused_as_it_streams() {
        let mut s = Splitter::new(Format::Ndjson);
        // Rows of 128 bytes: the bytes run out before the 1,000,000 rows do.
        let row = format!("{{\"a\":\"{}\"}}\n", "x".repeat(119)).repeat(1 << 12);
        let mut fed = 0u64;
        let e = loop {
            match s.feed(row.as_bytes()) {
                Ok(_) => fed += row.len() as u64,
                Err(e) => break e,
            }
        };
        assert_eq!(e.code, FILE_TOO_LARGE);
        assert!(fed <= MAX_FILE_BYTES, "{fed}");
    }

    #[test]
    fn an_unclosed_quote_names_the_line_it_opened() {
        let e = split(Format::Csv, b"a,b\n1,2\n3,\"oops\n4,5\n", 4).err();
        assert_eq!(
            e.map(|e| (e.code, e.message)),
            Some((
                "unterminated_quote".to_string(),
                "the quote opened at line 3 is never closed".to_string()
            ))
        );
    }

    #[test]
    fn a_quote_inside_an_unquoted_field_is_literal() {
        let chunks = split(Format::Csv, b"a,b\n5\" tall,x\ny,z\n", 3).unwrap_or_default();
        assert_eq!(chunks.iter().map(|c| c.rows).sum::<u64>(), 2);
    }

    #[test]
    fn invalid_utf8_and_utf16_are_refused_with_the_line() {
        let e = split(Format::Csv, b"a\nok\n\xC3\x28\n", 100).err();
        assert_eq!(
            e.map(|e| e.message),
            Some("line 3 is not valid UTF-8; save the file as UTF-8".to_string())
        );
        let e = split(Format::Ndjson, b"\xFF\xFE{\x00", 100).err();
        assert_eq!(e.map(|e| e.code), Some("invalid_encoding".to_string()));
    }

    #[test]
    fn too_many_rows_stop_at_the_first_row_past_the_limit() {
        let mut s = Splitter::with_max_rows(Format::Ndjson, 2);
        let e = s.feed(b"{}\n{}\n{}\n").err();
        assert_eq!(e.map(|e| e.code), Some("too_many_rows".to_string()));
    }

    #[test]
    fn large_files_are_cut_into_chunks_of_whole_rows_numbered_in_order() {
        let row = b"{\"first_name\":\"Ada\"}\n";
        let n = CHUNK_BYTES / row.len() * 3;
        let text: Vec<u8> = row.iter().copied().cycle().take(row.len() * n).collect();
        let chunks = split(Format::Ndjson, &text, 65_536).unwrap_or_default();
        assert!(chunks.len() >= 3);
        let mut next_row = 1;
        for (i, c) in chunks.iter().enumerate() {
            assert_eq!(c.seq, i as u64);
            assert_eq!(c.first_row, next_row);
            assert_eq!(c.first_line, next_row);
            assert!(c.data.ends_with(b"\n"));
            next_row += c.rows;
        }
        assert_eq!(next_row - 1, n as u64);
    }

    #[test]
    fn a_header_without_rows_is_refused() {
        let e = split(Format::Csv, b"a,b\n", 10).err();
        assert_eq!(e.map(|e| e.code), Some("empty_file".to_string()));
    }
}
