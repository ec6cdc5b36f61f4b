//! Every fixed word and sentence a person reads, in both languages, in one place.
//!
//! Each entry is a [`Msg`]: its Chinese and its English, with `{name}` placeholders for the
//! parts that vary (a path, a count, a header's labels). The entries are declared through one
//! macro that also lists them in [`ALL`], so the tests can walk every one of them: none lacks a
//! language, each Chinese text holds Chinese, and both texts of an entry name the same
//! placeholders.
//!
//! Stable ids (`total`, `critical`) stay in the JSON; what a person reads is taken from here
//! (`总分核对`, `严重`). English keeps the ids as its words, so English reports read as before.
//!
//! Some English sentences are still built where their facts are (the reasons a table is not a
//! score table, a usage error's text): [`translate`] recognises them against the catalogue's
//! English templates and gives the same sentence in the other language, with the varying parts
//! carried over. A sentence no template matches is shown as it is.

use std::borrow::Cow;
use std::fmt::Display;

use crate::lang::Lang;

/// One user-visible text in both languages. `{name}` marks a part filled in by [`Msg::fill`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Msg {
    /// The entry's name in the catalogue (its constant's name), for the tests' messages.
    pub key: &'static str,
    /// The Chinese text.
    pub zh: &'static str,
    /// The English text.
    pub en: &'static str,
}

impl Msg {
    /// The text in `lang`, placeholders left as they are (for an entry without any).
    pub fn get(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }

    /// The text in `lang` with each `{name}` replaced by its value in `args`. The template is
    /// read once, left to right, so a value that itself holds `{…}` is never replaced again; a
    /// placeholder without a value is kept as written.
    ///
    /// ```
    /// use annex_audit::lang::Lang;
    /// use annex_audit::messages::NOT_FOUND;
    /// assert_eq!(NOT_FOUND.fill(Lang::Zh, &[("path", &"a.docx")]), "a.docx：文件或目录不存在");
    /// assert_eq!(NOT_FOUND.fill(Lang::En, &[("path", &"{x}")]), "{x}: no such file or directory");
    /// ```
    pub fn fill(&self, lang: Lang, args: &[(&str, &dyn Display)]) -> String {
        let template = self.get(lang);
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let name = &after[..close];
                    match args.iter().find(|(n, _)| *n == name) {
                        Some((_, value)) => out.push_str(&value.to_string()),
                        None => {
                            out.push('{');
                            out.push_str(name);
                            out.push('}');
                        }
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The placeholders of `text` in order (`{path}` → `path`).
    pub fn placeholders(text: &str) -> Vec<&str> {
        let mut names = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else { break };
            names.push(&after[..close]);
            rest = &after[close + 1..];
        }
        names
    }

    /// The values of the placeholders when `text` is this entry's English filled in, in the
    /// order of the template; `None` when `text` does not have the template's shape.
    fn unfill<'t>(&self, text: &'t str) -> Option<Vec<(&'static str, &'t str)>> {
        // The template split into literal pieces around its placeholders.
        let names = Msg::placeholders(self.en);
        let mut literals: Vec<&str> = Vec::with_capacity(names.len() + 1);
        let mut rest = self.en;
        for name in &names {
            let marker = format!("{{{name}}}");
            let at = rest.find(&marker)?;
            literals.push(&rest[..at]);
            rest = &rest[at + marker.len()..];
        }
        literals.push(rest);
        let mut text_rest = text.strip_prefix(literals[0])?;
        let mut values = Vec::with_capacity(names.len());
        for (i, name) in names.iter().enumerate() {
            let next = literals[i + 1];
            let last = i + 1 == names.len();
            let end = if last {
                // The last value runs up to the template's closing words.
                text_rest.strip_suffix(next).map(str::len)?
            } else if next.is_empty() {
                return None;
            } else {
                text_rest.find(next)?
            };
            values.push((*name, &text_rest[..end]));
            text_rest = &text_rest[end + next.len()..];
        }
        text_rest.is_empty().then_some(values)
    }
}

macro_rules! catalogue {
    ($($(#[$doc:meta])* $name:ident = ($zh:literal, $en:literal);)+) => {
        $(
            $(#[$doc])*
            pub const $name: Msg = Msg { key: stringify!($name), zh: $zh, en: $en };
        )+

        /// Every entry of the catalogue, in declaration order.
        pub const ALL: &[Msg] = &[$($name,)+];
    };
}

catalogue! {
    // Severities.
    /// A finding that changes the published ranking.
    SEVERITY_CRITICAL = ("严重", "critical");
    /// A published figure is wrong.
    SEVERITY_ERROR = ("错误", "error");
    /// Inconsistent or unclean, without a wrong figure.
    SEVERITY_WARNING = ("警告", "warning");
    /// Worth knowing.
    SEVERITY_NOTICE = ("提示", "notice");

    // The checks, as a person names them (the id in English).
    /// `total`: the published total against the recomputed one.
    CHECK_TOTAL = ("总分核对", "total");
    /// `range`: a score outside its column's range.
    CHECK_RANGE = ("范围", "range");
    /// `weights`: the column maxima against the total's maximum.
    CHECK_WEIGHTS = ("满分合计", "weights");
    /// `rule`: the note's rule against the header.
    CHECK_RULE = ("规则", "rule");
    /// `rank`: ranks in order, 1…n.
    CHECK_RANK = ("排名", "rank");
    /// `cell`: an unparsed or missing value.
    CHECK_CELL = ("单元格", "cell");
    /// `duplicate`: a name twice in a table.
    CHECK_DUPLICATE = ("重名", "duplicate");
    /// `precision`: decimals unlike the column's.
    CHECK_PRECISION = ("小数位", "precision");
    /// `revision`: unaccepted tracked changes.
    CHECK_REVISION = ("修订", "revision");
    /// `hidden`: hidden text inside a table.
    CHECK_HIDDEN = ("隐藏文字", "hidden");
    /// `sum_row`: a row of sums or averages against the rows above it.
    CHECK_SUM_ROW = ("合计行", "sum_row");
    /// `sum`: a published sum against its parts.
    CHECK_SUM = ("合计核对", "sum");
    /// `derived`: a column computed from others.
    CHECK_DERIVED = ("派生列", "derived");
    /// `per_item`: a score of points per item against its count.
    CHECK_PER_ITEM = ("计件得分", "per_item");
    /// `crosscheck`: a figure two tables publish that differs between them.
    CHECK_CROSSCHECK = ("表间核对", "crosscheck");
    /// `text`: a figure the text quotes that the tables do not give.
    CHECK_TEXT = ("文表核对", "text");

    // Statuses of rows, tables and files.
    /// A row whose total agrees.
    STATUS_CONSISTENT = ("一致", "consistent");
    /// A row whose total disagrees.
    STATUS_INCONSISTENT = ("不一致", "inconsistent");
    /// A row whose total could not be checked.
    STATUS_NOT_CHECKED = ("未核对", "not checked");
    /// A row whose total could not be checked, with why.
    STATUS_NOT_CHECKED_WHY = ("未核对：{why}", "not checked: {why}");
    /// A table not audited.
    STATUS_SKIPPED = ("跳过", "skipped");
    /// A file audited.
    STATUS_AUDITED = ("已审核", "audited");
    /// A file that could not be read.
    STATUS_UNREADABLE = ("无法读取", "unreadable");

    // Why a row of a score table is not a data row.
    /// Every cell empty.
    ROW_EMPTY = ("空行", "empty row");
    /// The header again.
    ROW_REPEATED_HEADER = ("重复的表头", "repeated header");
    /// One text across the row.
    ROW_TEXT = ("文字行：{text}", "text row: {text}");
    /// A row of sums or averages.
    ROW_SUMMARY = ("汇总行：{text}", "summary row: {text}");

    // Why a table is not audited (the English is built in `annex` and `audit`).
    /// No rows at all.
    SKIP_NO_ROWS = ("表格没有行", "the table has no rows");
    /// One column.
    SKIP_ONE_COLUMN = ("表格不足两列", "the table has fewer than two columns");
    /// No row of numbers near the top.
    SKIP_NO_NUMBER_ROW = ("前 {rows} 行内没有数字行", "no row of numbers within the first {rows} rows");
    /// Numbers in the first row.
    SKIP_NO_HEADER = ("第一行即为数字：没有表头行", "the first row holds numbers: no header row");
    /// No total column.
    SKIP_NO_TOTAL = ("表头中没有总分列（{labels}）", "no total column in the header ({labels})");
    /// Nothing under the header.
    SKIP_NO_DATA_ROWS = ("表头下没有数据行", "no data rows under the header");
    /// No scored columns.
    SKIP_NO_COMPONENTS = (
        "表头中没有计分的分项列（{labels}）",
        "no scored component columns in the header ({labels})"
    );
    /// Neither maxima nor sums.
    SKIP_NOT_SCORE = (
        "没有列标明满分，且总分不是其前各列之和（{checkable} 行中 {agreeing} 行相符）：不是评分表",
        "no column declares a maximum and the totals are not the sums of the columns before them ({agreeing} of {checkable} rows agree): not a score table"
    );
    /// A ranked list whose ranks follow something else.
    SKIP_RANKS_NOT_FOLLOWED = (
        "只有排名和一列得分（{label}），没有相加的分项，且排名不是按该列由高到低排列（{checkable} 行中 {agreeing} 行相符）：不是评分表",
        "a rank and one score ({label}) with nothing summed, and the ranks do not follow the score ({agreeing} of {checkable} rows agree): not a score table"
    );
    /// A continuation that does not fit.
    SKIP_CONTINUATION = (
        "续接表 {table}，但其各行与该表的表头不符",
        "continues table {table} but its rows do not fit that table's header"
    );
    /// A reason of the score engine, and the structure engine found no figure either.
    SKIP_NO_FIGURES = ("{reason}；表头下没有数字", "{reason}; no figures below the header");
    /// `--bookmark` chose another table.
    SKIP_NOT_SELECTED = ("未选中：不含书签 {bookmark}", "not selected: does not hold bookmark {bookmark}");
    /// A table outside the body.
    SKIP_OTHER_PART = ("位于{container}（{part}）：默认不审核", "in a {container} ({part}): not audited by default");

    // How a table was read.
    /// Records printed side by side, listed down the left records first.
    SIDE_BY_SIDE_DOWN = (
        "审核说明：原表每行并排印有 {records} 条记录（每条 {columns} 列），此处先左后右、自上而下逐条排成一列核对；行号为排列后的行号",
        "Note from the audit: the document prints {records} records to a row ({columns} columns each); they are listed one per row here, down the left records first, then the next; row numbers are those of this list"
    );
    /// Records printed side by side, listed across each row.
    SIDE_BY_SIDE_ACROSS = (
        "审核说明：原表每行并排印有 {records} 条记录（每条 {columns} 列），此处按每行从左到右逐条排成一列核对；行号为排列后的行号",
        "Note from the audit: the document prints {records} records to a row ({columns} columns each); they are listed one per row here, left to right along each printed row; row numbers are those of this list"
    );

    // The parts of a document a table can sit in outside the body.
    /// A text box.
    PART_TEXTBOX = ("文本框", "textbox");
    /// A page header.
    PART_HEADER = ("页眉", "header");
    /// A page footer.
    PART_FOOTER = ("页脚", "footer");
    /// Footnotes.
    PART_FOOTNOTES = ("脚注", "footnotes");
    /// Endnotes.
    PART_ENDNOTES = ("尾注", "endnotes");
    /// Comments.
    PART_COMMENTS = ("批注", "comments");
    /// The body.
    PART_BODY = ("正文", "body");

    // Errors (`crate::Error`).
    /// The path does not exist.
    NOT_FOUND = ("{path}：文件或目录不存在", "{path}: no such file or directory");
    /// A directory for a file.
    IS_DIRECTORY = ("{path}：这是一个文件夹，需要 .docx 文件", "{path}: is a directory, expected a .docx file");
    /// Reading or writing failed.
    IO = ("{path}：读写失败。{why}", "{path}: {why}");
    /// Zero bytes.
    EMPTY = ("文件为空（0 字节）：不是 Word 文档", "the file is empty (0 bytes): not a Word document");
    /// A .doc.
    LEGACY_DOC = (
        "这是 Word 97-2003 的 .doc 文件（OLE2），不是 .docx：请先转换，例如在 Word 中“另存为” .docx，或运行 `soffice --headless --convert-to docx 文件.doc`",
        "this is a Word 97-2003 .doc file (OLE2), not a .docx: convert it first, e.g. `soffice --headless --convert-to docx FILE.doc`"
    );
    /// A password.
    ENCRYPTED = (
        "文档已加密（有密码保护的 .docx）：请在 Word 中打开，取消密码（文件 > 信息 > 保护文档）后另存一份",
        "the document is encrypted (password-protected .docx): open it in Word, remove the password (File > Info > Protect Document) and save a copy"
    );
    /// Another old Office file.
    OLE2 = (
        "这是 OLE2 复合文件（旧版 Office 格式），不是 .docx：请用 Word 另存为 .docx，或运行 `soffice --headless --convert-to docx`",
        "this is an OLE2 compound file (an old Office format), not a .docx: convert it with `soffice --headless --convert-to docx`"
    );
    /// Not a zip.
    NOT_ZIP = (
        "不是 .docx：文件不是 zip 压缩包（是否为 PDF、网页或改了扩展名的文件？）",
        "not a .docx: the file is not a zip archive (is it a PDF, an HTML page or a renamed file?)"
    );
    /// A damaged zip.
    CORRUPT_ZIP = (
        "该 .docx 不完整或已损坏：{why}。请重新下载或向发文单位重新索取；若 Word 或 WPS 能打开它，可另存为新的 .docx 后再审核",
        "the .docx is truncated or corrupt: {why}"
    );
    /// No main document part.
    NO_MAIN_PART = ("不是 Word 文档：{why}", "not a Word document: {why}");
    /// No relationship and no `word/document.xml`.
    NO_MAIN_PART_NONE = (
        "压缩包中没有 Word 主文档（既没有 officeDocument 关系，也没有 word/document.xml）。请确认这是用 Word 或 WPS 保存的 .docx",
        "the zip has no main document part (no officeDocument relationship and no word/document.xml)"
    );
    /// The main part's root is not `w:document`.
    NO_MAIN_PART_ROOT = (
        "{part} 不是 Word 正文（其根元素为 <{root}>），可能是电子表格或演示文稿。请提供 Word 格式（.docx）的附件",
        "{part} is not a WordprocessingML document (its root element is <{root}>): is this a spreadsheet or a presentation?"
    );
    /// A third party's words after our sentence (`{text}`): secondary, never the sentence.
    TECHNICAL_DETAIL = ("{text}（技术细节：{detail}）", "{text} ({detail})");

    // What is wrong with a damaged zip (`CORRUPT_ZIP`'s `{why}`).
    /// The end-of-central-directory record is missing.
    ZIP_NO_END_RECORD = (
        "找不到 zip 的目录结尾记录，文件很可能没有下载完整",
        "no end-of-central-directory record (the download is probably truncated)"
    );
    /// A record cut short.
    ZIP_CUT_SHORT = (
        "zip 中的一条记录被截断，文件很可能没有下载完整",
        "a zip record is cut short (the download is probably truncated)"
    );
    /// The zip reader's own complaint (shown as a technical detail).
    ZIP_INVALID = ("zip 压缩包的结构已损坏", "invalid zip archive");
    /// Damaged compressed data or a wrong checksum in a part.
    ZIP_BAD_DATA = ("压缩数据已损坏", "corrupt compressed data");
    /// A part's data ends early.
    ZIP_DATA_CUT_SHORT = ("压缩数据中途中断，文件很可能没有下载完整", "the compressed data ends early");
    /// A zip feature we do not read.
    ZIP_UNSUPPORTED_FEATURE = (
        "使用了本工具不支持的 zip 功能（技术细节：{why}）",
        "unsupported zip feature ({why})"
    );
    /// A compression method we do not read.
    ZIP_UNSUPPORTED_METHOD = (
        "使用了本工具不支持的压缩方法（编号 {method}）",
        "unsupported compression method {method}"
    );
    /// More data than declared.
    ZIP_OVERRUN = (
        "{part} 解压后的数据多于其文件头声明的 {declared} 字节",
        "{part} decompresses to more than the {declared} bytes its header declares"
    );
    /// A read that failed for a reason not kept.
    ZIP_READ_ERROR = ("读取出错", "read error");

    // What is not well-formed in a part's XML (`XML`'s `{why}`).
    /// The part ends inside a construct (`{inside}`).
    XML_ENDS_EARLY = ("部件在{inside}中途结束（文件可能不完整）", "{inside} (the part ends early: truncated?)");
    /// Inside a reference.
    XML_IN_REFERENCE = ("实体引用", "inside a reference");
    /// Inside an end tag.
    XML_IN_END_TAG = ("结束标签", "inside an end tag");
    /// Inside a comment or CDATA.
    XML_IN_COMMENT = ("注释或 CDATA 段", "inside a comment or CDATA section");
    /// Inside a processing instruction.
    XML_IN_PI = ("处理指令", "inside a processing instruction");
    /// Inside a start tag.
    XML_IN_START_TAG = ("开始标签", "inside a start tag");
    /// The end of the part inside open elements.
    XML_OPEN_AT_END = (
        "部件在 {count} 个元素尚未闭合时意外结束（文件可能不完整）",
        "unexpected end of the part inside {count} open element(s) (truncated?)"
    );
    /// No root element.
    XML_NO_ROOT = ("部件中没有根元素", "the part has no root element");
    /// Text outside the root.
    XML_TEXT_OUTSIDE = ("根元素之外出现了文字", "text outside the root element");
    /// A second root.
    XML_SECOND_ROOT = ("第一个根元素结束后又出现了第二个根元素", "a second root element after the end of the first");
    /// `&name;` not defined.
    XML_UNDEFINED_ENTITY = ("未定义的实体 &{name};", "undefined entity &{name};");
    /// A bad `&#…;`.
    XML_BAD_CHAR_REF = ("无效的字符引用", "bad character reference");
    /// A bad `xmlns` attribute.
    XML_BAD_NAMESPACE = ("命名空间声明格式错误", "bad namespace declaration");
    /// A bad attribute.
    XML_BAD_ATTRIBUTE = ("属性格式错误", "bad attribute");
    /// A bad attribute value.
    XML_BAD_ATTRIBUTE_VALUE = ("属性值格式错误", "bad attribute value");
    /// `<>` or `< …>`.
    XML_NO_ELEMENT_NAME = ("标签缺少元素名", "a tag without an element name");
    /// An end tag with nothing open.
    XML_END_WITHOUT_START = ("结束标签 `</{name}>` 没有对应的开始标签", "end tag `</{name}>` without a start tag");
    /// An end tag for another element.
    XML_END_MISMATCH = (
        "此处应为结束标签 `</{open}>`，却是 `</{name}>`",
        "end tag `</{name}>` where `</{open}>` was expected"
    );
    /// A loose `&`.
    XML_LOOSE_AMPERSAND = ("`&` 之后不是实体或字符引用", "a `&` that does not begin a reference");
    /// A loose `<!`.
    XML_LOOSE_BANG = (
        "`<!` 之后既不是注释、CDATA 段，也不是 DOCTYPE",
        "`<!` that begins no comment, CDATA section or DOCTYPE"
    );
    /// `<?>`.
    XML_PI_WITHOUT_TARGET = ("处理指令缺少目标名", "a processing instruction without a target");
    /// A part missing.
    MISSING_PART = ("该 .docx 不完整：缺少部件 {part}", "the .docx is incomplete: part {part} is missing");
    /// A limit exceeded.
    LIMIT = (
        "已拒绝：{what}超过上限 {amount}，很可能是{likely}",
        "refused: {what} exceeds the limit of {amount}, so this is probably {likely}"
    );
    /// How to raise a limit.
    LIMIT_RAISE = ("（如确为正常文档，可用 {flag} 提高上限）", " (if the document is genuine, raise the limit with {flag})");
    /// An amount in bytes.
    LIMIT_BYTES = ("{count} 字节", "{count} bytes");
    /// What a size or ratio limit suggests.
    LIMIT_LIKELY_BOMB = ("zip 炸弹（压缩炸弹）或损坏的文件", "a zip bomb or a damaged file");
    /// What a count limit suggests.
    LIMIT_LIKELY_GENERATED = ("损坏的或由程序生成的文件", "a damaged or machine-generated file");
    /// Malformed XML.
    XML = (
        "{part} 中的 XML 格式错误（第 {position} 字节）：{why}。文件可能已损坏或不完整：请重新下载或向发文单位重新索取；若 Word 或 WPS 能打开它，可另存为新的 .docx 后再审核",
        "malformed XML in {part} at byte {position}: {why}"
    );
    /// A DOCTYPE.
    DOCTYPE = (
        "已拒绝：{part} 声明了 DOCTYPE，Word 从不写入（实体不予展开）",
        "refused: {part} declares a DOCTYPE, which Word never writes (entities are not expanded)"
    );
    /// Not UTF-8.
    NOT_UTF8 = (
        "{part} 中的 XML 格式错误：文本不是有效的 UTF-8，而 Word 总是写 UTF-8（由其他程序生成？请在 Word 或 LibreOffice 中打开并重新另存为 .docx）",
        "malformed XML in {part}: the text is not valid UTF-8, which Word always writes (made by another program? open it in Word or LibreOffice and save it again as .docx)"
    );
    /// A template problem.
    TEMPLATE = ("模板：{why}", "template: {why}");
    /// A bug.
    INTERNAL = ("内部错误（程序缺陷，不是输入的问题），请把这一行报告给维护者（技术细节：{why}）", "internal error (a bug, not a problem with the input; please report this line): {why}");
    /// An error with its file.
    WITH_PATH = ("{path}：{why}", "{path}: {why}");
    /// Writing over the input.
    OUTPUT_IS_INPUT = ("拒绝写入 {path}：它就是输入文件", "refused to write {path}: it is the input file");
    /// An output not written.
    OUTPUT = ("无法写入 {path}：{why}", "cannot write {path}: {why}");
    /// The workbook writer failed for a reason of its own (its words follow as a detail).
    OUTPUT_WORKBOOK_FAILED = ("生成工作簿时出错", "the workbook could not be written");
    /// The output is a read-only file.
    OUTPUT_READ_ONLY = ("该文件为只读。请取消只读属性，或用 -o 指定其他路径", "read-only");

    // Usage and template errors (the English is built where they are met).
    /// No input.
    USAGE_NO_INPUT = ("未给出输入文件", "no input given");
    /// `--bookmark` found nothing.
    USAGE_NO_BOOKMARK = ("没有表格含有或紧随书签 {bookmark}", "no table holds or follows bookmark {bookmark}");
    /// Several inputs, no output directory.
    USAGE_SEVERAL_INPUTS = (
        "输入了多个文件：请用 -o 目录 指定输出目录（或加 --no-workbook）",
        "several inputs: give an output directory with -o DIR (or --no-workbook)"
    );
    /// An unknown template.
    USAGE_UNKNOWN_TEMPLATE = (
        "{spec}：既不是内置模板（{names}），也不是文件",
        "{spec}: neither a built-in template ({names}) nor a file"
    );
    /// The jobs' pool.
    USAGE_JOBS = ("无法启动 {jobs} 个并行任务：{why}", "cannot start {jobs} jobs: {why}");
    /// The reader stopped.
    USAGE_READER_STOPPED = ("读取过程意外中止", "the reader stopped unexpectedly");

    // What a limit counts (the English is built where it is counted).
    /// A limit's count: namespace declarations in `{part}`.
    LIMIT_NAMESPACES = ("{part} 中的命名空间声明数", "namespace declarations in {part}");
    /// A limit's count: XML nesting depth in `{part}`.
    LIMIT_DEPTH = ("{part} 的 XML 嵌套深度", "XML nesting depth in {part}");
    /// A limit's count: number of grid columns of table `{table}`.
    LIMIT_GRID_COLUMNS = ("表 {table} 的网格列数", "number of grid columns of table {table}");
    /// A limit's count: number of rows in table `{table}`.
    LIMIT_ROWS = ("表 {table} 的行数", "number of rows in table {table}");
    /// A limit's count: number of cells in a row of table `{table}`.
    LIMIT_CELLS_IN_ROW = ("表 {table} 中一行的单元格数", "number of cells in a row of table {table}");
    /// A limit's count: number of table cells in the document.
    LIMIT_CELLS = ("文档中的表格单元格总数", "number of table cells in the document");
    /// A limit's count: number of tables.
    LIMIT_TABLES = ("表格数", "number of tables");
    /// A limit's count: number of entries in the zip.
    LIMIT_ENTRIES = ("zip 中的条目数", "number of entries in the zip");
    /// A limit's count: declared total uncompressed size of the zip.
    LIMIT_DECLARED_TOTAL = ("zip 声明的解压后总大小", "declared total uncompressed size of the zip");
    /// A limit's count: length of the main document part's name.
    LIMIT_PART_NAME = ("主文档部件名称的长度", "length of the main document part's name");
    /// A limit's count: declared uncompressed size of `{part}`.
    LIMIT_DECLARED_SIZE = ("{part} 声明的解压后大小", "declared uncompressed size of {part}");
    /// A limit's count: declared compression ratio of `{part}`.
    LIMIT_DECLARED_RATIO = ("{part} 声明的压缩比", "declared compression ratio of {part}");
    /// A limit's count: uncompressed size of `{part}`.
    LIMIT_SIZE = ("{part} 解压后的大小", "uncompressed size of {part}");
    /// A limit's count: compression ratio of `{part}`.
    LIMIT_RATIO = ("{part} 的压缩比", "compression ratio of {part}");
    /// A limit's count: total uncompressed size read from the package.
    LIMIT_TOTAL_READ = ("从压缩包读出的解压后总大小", "total uncompressed size read from the package");

    // What the reader noticed in a table (the English is built in `wordml`).
    /// A row deleted by a tracked change.
    ANOMALY_DELETED_ROW = (
        "被修订删除的行未计入（按接受修订后的内容读取）",
        "a row deleted by a tracked change was left out of the accepted reading"
    );
    /// A row wider than the grid.
    ANOMALY_WIDE_ROW = (
        "第 {row} 行需要 {width} 个网格列，但表格网格只有 {grid} 列",
        "row {row} needs {width} grid columns but the table grid has {grid}"
    );
    /// A vertical merge with nothing above.
    ANOMALY_LOOSE_MERGE = (
        "第 {row} 行：网格第 {column} 列的单元格延续了纵向合并，但上方没有单元格",
        "row {row}: the cell at grid column {column} continues a vertical merge but nothing is above it"
    );
    /// A total too large to compute.
    NOT_CHECKED_OVERFLOW = ("数值过大，无法计算", "overflow");

    // What the operating system says, for the commonest cases (the English keeps the system's
    // own words; these are the Chinese).
    /// No permission.
    IO_PERMISSION = ("没有权限：请换一个有权限的位置，或检查文件的权限", "permission denied");
    /// Missing.
    IO_NOT_FOUND = ("文件或其所在的文件夹不存在：请检查路径", "not found");
    /// The disk is full.
    IO_FULL = ("磁盘已满：请清理磁盘空间后重试，或换一个位置", "no space left on the device");
    /// Read-only.
    IO_READ_ONLY = ("文件系统只读：请换一个可写入的位置", "read-only file system");
    /// Something of that name exists.
    IO_ALREADY_EXISTS = ("已有同名的文件或文件夹：请换一个路径，或先移走它", "already exists");
    /// A directory where a file is expected.
    IO_IS_A_DIRECTORY = ("这是一个文件夹：请给出包含文件名的路径", "is a directory");
    /// A file where a directory is expected.
    IO_NOT_A_DIRECTORY = ("路径中的某一级是文件而不是文件夹：请检查路径", "not a directory");
    /// A quota.
    IO_QUOTA = ("超出磁盘配额：请清理空间后重试，或换一个位置", "quota exceeded");
    /// Too large for the file system.
    IO_TOO_LARGE = ("文件过大，超出文件系统的限制：请换一个磁盘或位置", "file too large");
    /// Unreadable content.
    IO_INVALID_DATA = ("文件内容无效或已损坏：请重新下载或重新复制该文件", "invalid data");
    /// Ends early.
    IO_UNEXPECTED_EOF = ("文件意外结束，很可能不完整：请重新下载或重新复制", "unexpected end of file");
    /// A directory not empty.
    IO_DIRECTORY_NOT_EMPTY = ("文件夹不是空的：请换一个空文件夹或新的路径", "directory not empty");
    /// A bad name.
    IO_INVALID_FILENAME = ("文件名或路径无效（过长或含有不允许的字符）：请换一个名称", "invalid file name");
    /// In use.
    IO_BUSY = ("文件正被其他程序占用：请关闭该程序后重试", "resource busy");
    /// Interrupted or timed out.
    IO_INTERRUPTED = ("操作被中断或超时：请重试", "interrupted");
    /// A rename across disks.
    IO_CROSSES_DEVICES = ("无法跨磁盘移动文件：请把输出写到同一磁盘上", "crosses devices");
    /// Not supported here.
    IO_UNSUPPORTED = ("此处的文件系统不支持该操作：请换一个位置", "unsupported");
    /// Any other system error (its words follow as a technical detail).
    IO_OTHER = ("操作系统报告了错误", "system error");

    // `annex-audit templates` (in the locale's language: no document is read).
    /// The default template's mark.
    TEMPLATES_DEFAULT = ("（默认）", " (default)");
    /// A template file that reads well.
    TEMPLATES_VALID = ("{name}：模板有效\t{description}", "{name}: valid template\t{description}");

    // The batch's progress bar (indicatif's template: its own `{…}` fields).
    /// The bar.
    PROGRESS_BAR = (
        "{bar:30} {pos}/{len} 个文件 · {msg} · 已用 {elapsed}，预计还需 {eta}",
        "{bar:30} {pos}/{len} files · {msg} · {elapsed} elapsed, ETA {eta}"
    );
    /// Findings so far.
    PROGRESS_FINDINGS = ("发现 {count} 条", "{count} findings");

    // The `tables` listing.
    /// No table in the document.
    TABLES_NONE = ("{path}：未找到表格", "{path}: no table found");
    /// The document's line.
    TABLES_FILE = ("{path}：{count} 张表；主文档部件 {part}{strict}；标题：{title}", "{path}: {count} table(s); main part {part}{strict}; title: {title}");
    /// No title.
    TABLES_NO_TITLE = ("（无）", "(none)");
    /// One table's line.
    TABLES_TABLE = ("表 {number} · {container} · {part} · {rows} 行 × {columns} 列", "Table {number} · {container} · {part} · {rows} row{rows_s} × {columns} column{columns_s}");
    /// Heading label.
    TABLES_HEADING = ("标题：", "heading:");
    /// Caption label.
    TABLES_CAPTION = ("题注：", "caption:");
    /// Unit line label (`单位：万元` between the title and the table).
    TABLES_UNIT_LINE = ("单位行：", "unit line:");
    /// Bookmarks label.
    TABLES_BOOKMARKS = ("书签：", "bookmarks:");
    /// Nesting label.
    TABLES_NESTED = ("嵌套于：", "nested in:");
    /// Where a nested table sits.
    TABLES_NESTED_AT = ("表 {table} 第 {row} 行第 {cell} 格", "table {table}, row {row}, cell {cell}");
    /// Continuation label.
    TABLES_CONTINUES = ("续接：", "continues:");
    /// The table continued.
    TABLES_CONTINUES_TABLE = ("表 {table}{repeated}", "table {table}{repeated}");
    /// The header repeated on the continuation.
    TABLES_HEADER_REPEATED = ("（重复了表头行）", " (header row repeated)");
    /// Anomaly label.
    TABLES_ANOMALY = ("异常：", "anomaly:");
    /// Note label.
    TABLES_NOTE = ("注：", "note:");
    /// Rows not shown.
    TABLES_MORE_ROWS = ("  … 另有 {count} 行（--all-rows 可全部显示）", "  … {count} more row{s} (--all-rows shows them)");

    // The command line's help (`--help` in a Chinese locale; English keeps clap's own text).
    /// Below the program's help: a file without a subcommand is audited.
    HELP_AFTER = (
        "annex-audit 附件.docx（或一个文件夹）不写子命令即等于 annex-audit audit 附件.docx：把文件拖到程序上即可审核。",
        "annex-audit FILE.docx (or a folder) without a subcommand is annex-audit audit FILE.docx: a file dropped onto the program is audited."
    );
    /// What the program does, in one sentence.
    HELP_ABOUT = (
        "核对 Word 附件（.docx）中的评分表和预算、决算、资金分配表：精确重算每个合计、小计和总分，交叉核对排名、满分、权重、增减额与表间数据，并生成核对后的 Excel 工作簿。",
        "Audit the score, budget, final-account and allocation tables of an official Word annex: recompute every total exactly, cross-check ranks, maxima, weights, changes and the figures shared between tables, and write a verified workbook."
    );
    /// The usage heading.
    HELP_USAGE = ("用法：", "Usage: ");
    /// An option's default value.
    HELP_DEFAULT = ("默认：{value}", "default: {value}");
    /// The subcommands' heading.
    HELP_COMMANDS = ("命令", "Commands");
    /// The positional arguments' heading.
    HELP_ARGUMENTS = ("参数", "Arguments");
    /// The options' heading.
    HELP_OPTIONS = ("选项", "Options");
    /// `-h`.
    HELP_HELP = ("显示帮助", "Print help");
    /// `-V`.
    HELP_VERSION = ("显示版本", "Print version");
    /// The `help` subcommand.
    HELP_SUBCOMMAND = ("显示本帮助，或某个命令的帮助", "Print this message or the help of the given subcommand(s)");
    /// The `help` subcommand's argument.
    HELP_SUBCOMMAND_NAME = ("要查看帮助的命令", "The subcommand whose help to print");
    /// `tables`.
    HELP_TABLES = ("列出 .docx 中读到的每张表：标题、书签、注释、单元格", "List every table of a .docx as read: heading, bookmarks, note, cells.");
    /// `tables FILE`.
    HELP_TABLES_FILE = ("要读取的 .docx（或 .docm、.dotx）", "The .docx (or .docm, .dotx) to read.");
    /// `tables --json`.
    HELP_TABLES_JSON = ("在标准输出打印 JSON，而不是可读的列表", "Print JSON on stdout instead of the readable listing.");
    /// `tables --all-rows`.
    HELP_TABLES_ALL_ROWS = ("显示所有行，而不只是前几行", "Show every row instead of the first few.");
    /// `--wide` of `tables`.
    HELP_TABLES_WIDE = ("各列按完整宽度显示（默认：列表不超过 100 列宽）", "Show every column at its full width (default: the listing fits 100 columns).");
    /// `--lang` of `tables` and `audit`.
    HELP_LANG = ("提示信息的语言（默认：中文文档用中文，否则按系统语言）", "Language of messages (default: Chinese for a Chinese document, else the locale's).");
    /// `--max-part-mib`.
    HELP_MAX_PART_MIB = ("可接受的单个部件解压后最大大小（MiB）", "Largest uncompressed part accepted, in MiB.");
    /// `audit`.
    HELP_AUDIT = ("核对一个或多个附件中的表格，并生成核对后的工作簿", "Audit the tables of one or more annexes and write the verified workbook(s).");
    /// `audit INPUTS`.
    HELP_AUDIT_INPUTS = (".docx 文件，或文件夹（递归查找其中的 *.docx）", ".docx files, or directories searched recursively for *.docx.");
    /// `audit -o`.
    HELP_AUDIT_OUTPUT = (
        "单个输入时为工作簿路径，多个输入时为输出文件夹（默认：输入文件旁的 <文件名>.audit.xlsx）",
        "Workbook path for one input, or output directory for several (default: <input stem>.audit.xlsx beside the input)."
    );
    /// `--json` of `audit` and `diff`.
    HELP_JSON_PATH = ("把结果以 JSON 写入 PATH；用 - 表示标准输出", "Write the findings as JSON to PATH, or to stdout with `-`.");
    /// `audit --fail-on`.
    HELP_AUDIT_FAIL_ON = ("存在该严重程度或更高的发现时，以退出码 1 结束", "Exit with 1 when a finding at or above this severity exists.");
    /// `audit --template`.
    HELP_AUDIT_TEMPLATE = ("表格词汇：内置模板名称或 TOML 文件", "Table vocabulary: a built-in template name or a TOML file.");
    /// `audit --bookmark`.
    HELP_AUDIT_BOOKMARK = ("只核对含有（或紧随）该书签的表格", "Audit only the table holding (or just after) this bookmark.");
    /// `audit --quiet`.
    HELP_AUDIT_QUIET = ("只显示汇总行", "Print only the coverage line.");
    /// `audit --verbose`.
    HELP_AUDIT_VERBOSE = ("显示每条发现的编号（审核人备注据此对应）；批量审核时另列出每个文件的各条发现", "Show each finding's id (the handle of the reviewer's notes); in batch mode, each file's findings too.");
    /// `audit --overwrite`.
    HELP_AUDIT_OVERWRITE = ("即使已有的工作簿无法读取也覆盖它（其中的备注将丢失）", "Replace an existing workbook even when it cannot be read (its notes are lost).");
    /// `audit --no-workbook`.
    HELP_AUDIT_NO_WORKBOOK = ("不生成工作簿（批量模式下 -o 目录中只写索引）", "Do not write the workbook (in batch mode, -o DIR receives the index only).");
    /// `audit -j`.
    HELP_AUDIT_JOBS = ("批量模式下的并行任务数（默认：CPU 核数加一）", "Parallel jobs in batch mode (default: one more than the number of cores).");
    /// `serve`.
    HELP_SERVE = ("在浏览器中打开核对页面（服务只监听 127.0.0.1）", "Open the audit as a page in the browser (a server on 127.0.0.1 only).");
    /// `serve --port`.
    HELP_SERVE_PORT = ("127.0.0.1 上的端口（默认：任一空闲端口，会打印出来）", "Port on 127.0.0.1 (default: a free one, printed).");
    /// `serve --no-browser`.
    HELP_SERVE_NO_BROWSER = ("不自动打开浏览器", "Do not open the browser.");
    /// `serve --lang`.
    HELP_SERVE_LANG = ("页面语言（默认：按系统语言）", "Language of the page (default: Chinese for a Chinese locale, else English).");
    /// `diff`.
    HELP_DIFF = (
        "逐格比较附件的两个版本：列出每个改动的单元格及其对总分、排名和发现的影响。无改动时退出码为 0，有改动时为 1",
        "Compare two versions of an annex cell by cell: every changed cell with its effect on totals, ranks and findings. Exit 0 when nothing changed, 1 when something did."
    );
    /// `diff OLD`.
    HELP_DIFF_OLD = ("较早的版本", "The earlier version.");
    /// `diff NEW`.
    HELP_DIFF_NEW = ("较新的版本", "The later version.");
    /// `diff -o`.
    HELP_DIFF_OUTPUT = ("把比较结果工作簿写入此路径", "Write the comparison workbook to this path.");
    /// `diff --lang`.
    HELP_DIFF_LANG = ("提示信息的语言（默认：新版本的语言）", "Language of messages (default: the new version's).");
    /// `templates`.
    HELP_TEMPLATES = ("列出内置模板，或打印其中一个", "List the built-in templates, or print one.");
    /// `templates NAME`.
    HELP_TEMPLATES_NAME = ("打印该模板的 TOML", "Print this template's TOML.");

    // Command-line mistakes (clap's own errors, in Chinese).
    /// An unknown option.
    CLI_UNKNOWN_ARGUMENT = ("无法识别的参数 {arg}", "unexpected argument {arg}");
    /// An unknown subcommand.
    CLI_UNKNOWN_COMMAND = ("无法识别的命令 {arg}", "unrecognized subcommand {arg}");
    /// A bad value.
    CLI_INVALID_VALUE = ("参数 {arg} 的值 {value} 无效", "invalid value {value} for {arg}");
    /// A bad value, with the choices.
    CLI_VALID_VALUES = ("可选值：{values}", "possible values: {values}");
    /// A missing argument.
    CLI_MISSING = ("缺少必需的参数 {arg}", "the required argument {arg} was not provided");
    /// No subcommand.
    CLI_MISSING_COMMAND = ("需要一个命令", "a subcommand is required");
    /// Two options that exclude each other.
    CLI_CONFLICT = ("参数 {arg} 不能与 {other} 同时使用", "the argument {arg} cannot be used with {other}");
    /// Any other mistake.
    CLI_OTHER = ("命令行有误", "the command line is not valid");
    /// Where to read how.
    CLI_SEE_HELP = ("用 {command} --help 查看用法", "for more information, try {command} --help");
}

/// The name a person reads for the check whose stable id is `id` (`total` → 总分核对), or
/// `None` for an id the catalogue does not know.
///
/// ```
/// use annex_audit::lang::Lang;
/// use annex_audit::messages::check_name;
/// assert_eq!(check_name("total").map(|m| m.get(Lang::Zh)), Some("总分核对"));
/// assert_eq!(check_name("total").map(|m| m.get(Lang::En)), Some("total"));
/// ```
pub fn check_name(id: &str) -> Option<&'static Msg> {
    CHECKS.iter().find(|m| m.en == id)
}

/// The checks' names, whose English is the stable id.
const CHECKS: &[Msg] = &[
    CHECK_TOTAL,
    CHECK_RANGE,
    CHECK_WEIGHTS,
    CHECK_RULE,
    CHECK_RANK,
    CHECK_CELL,
    CHECK_DUPLICATE,
    CHECK_PRECISION,
    CHECK_REVISION,
    CHECK_HIDDEN,
    CHECK_SUM_ROW,
    CHECK_SUM,
    CHECK_DERIVED,
    CHECK_PER_ITEM,
    CHECK_CROSSCHECK,
    CHECK_TEXT,
];

/// The name a person reads for the severity whose stable id is `id` (`critical` → 严重).
pub fn severity_name(id: &str) -> Option<&'static Msg> {
    [
        SEVERITY_CRITICAL,
        SEVERITY_ERROR,
        SEVERITY_WARNING,
        SEVERITY_NOTICE,
    ]
    .iter()
    .find(|m| m.en == id)
}

/// The sentences [`translate`] recognises: those still built in English where they are met.
const BUILT_IN_ENGLISH: &[Msg] = &[
    // First: its `{reason}` is itself one of the sentences below, translated in its turn.
    SKIP_NO_FIGURES,
    SKIP_NO_ROWS,
    SKIP_ONE_COLUMN,
    SKIP_NO_NUMBER_ROW,
    SKIP_NO_HEADER,
    SKIP_NO_TOTAL,
    SKIP_NO_DATA_ROWS,
    SKIP_NO_COMPONENTS,
    SKIP_NOT_SCORE,
    SKIP_RANKS_NOT_FOLLOWED,
    SKIP_CONTINUATION,
    SKIP_NOT_SELECTED,
    SKIP_OTHER_PART,
    USAGE_NO_INPUT,
    USAGE_NO_BOOKMARK,
    USAGE_SEVERAL_INPUTS,
    USAGE_UNKNOWN_TEMPLATE,
    USAGE_JOBS,
    USAGE_READER_STOPPED,
    ANOMALY_DELETED_ROW,
    ANOMALY_WIDE_ROW,
    ANOMALY_LOOSE_MERGE,
    NOT_CHECKED_OVERFLOW,
    LIMIT_NAMESPACES,
    LIMIT_DEPTH,
    LIMIT_GRID_COLUMNS,
    LIMIT_ROWS,
    LIMIT_CELLS_IN_ROW,
    LIMIT_CELLS,
    LIMIT_TABLES,
    LIMIT_ENTRIES,
    LIMIT_DECLARED_TOTAL,
    LIMIT_PART_NAME,
    LIMIT_DECLARED_SIZE,
    LIMIT_DECLARED_RATIO,
    LIMIT_SIZE,
    LIMIT_RATIO,
    LIMIT_TOTAL_READ,
];

/// The words that fill placeholders of [`BUILT_IN_ENGLISH`] and are themselves words (the
/// part of the document a table sits in).
const PARTS: &[Msg] = &[
    PART_BODY,
    PART_TEXTBOX,
    PART_HEADER,
    PART_FOOTER,
    PART_FOOTNOTES,
    PART_ENDNOTES,
    PART_COMMENTS,
];

/// The help of the argument `arg` of the subcommand `command` (`""` for the program itself; `arg`
/// `""` for the command's own line), when the catalogue has it.
pub fn help_text(command: &str, arg: &str) -> Option<&'static Msg> {
    let found = match (command, arg) {
        ("", "") => HELP_ABOUT,
        ("tables", "") => HELP_TABLES,
        ("tables", "file") => HELP_TABLES_FILE,
        ("tables", "json") => HELP_TABLES_JSON,
        ("tables", "all_rows") => HELP_TABLES_ALL_ROWS,
        ("tables", "wide") => HELP_TABLES_WIDE,
        ("audit", "") => HELP_AUDIT,
        ("audit", "inputs") => HELP_AUDIT_INPUTS,
        ("audit", "output") => HELP_AUDIT_OUTPUT,
        ("audit" | "diff", "json") => HELP_JSON_PATH,
        ("audit", "fail_on") => HELP_AUDIT_FAIL_ON,
        ("audit", "template") => HELP_AUDIT_TEMPLATE,
        ("audit", "bookmark") => HELP_AUDIT_BOOKMARK,
        ("audit", "quiet") => HELP_AUDIT_QUIET,
        ("audit", "verbose") => HELP_AUDIT_VERBOSE,
        ("audit", "overwrite") => HELP_AUDIT_OVERWRITE,
        ("audit", "no_workbook") => HELP_AUDIT_NO_WORKBOOK,
        ("audit", "jobs") => HELP_AUDIT_JOBS,
        ("tables" | "audit", "lang") => HELP_LANG,
        (_, "max_part_mib") => HELP_MAX_PART_MIB,
        ("serve", "") => HELP_SERVE,
        ("serve", "port") => HELP_SERVE_PORT,
        ("serve", "no_browser") => HELP_SERVE_NO_BROWSER,
        ("serve", "lang") => HELP_SERVE_LANG,
        ("diff", "") => HELP_DIFF,
        ("diff", "old") => HELP_DIFF_OLD,
        ("diff", "new") => HELP_DIFF_NEW,
        ("diff", "output") => HELP_DIFF_OUTPUT,
        ("diff", "lang") => HELP_DIFF_LANG,
        ("templates", "") => HELP_TEMPLATES,
        ("templates", "name") => HELP_TEMPLATES_NAME,
        (_, "help") => HELP_HELP,
        (_, "version") => HELP_VERSION,
        _ => return None,
    };
    ALL.iter().find(|m| m.key == found.key)
}

/// The name a person reads for the part of a document whose id is `id` (`header` → 页眉).
pub fn part_name(id: &str) -> Option<&'static Msg> {
    PARTS.iter().find(|m| m.en == id)
}

/// `text`, an English sentence built where its facts are (why a table is skipped, a usage
/// error), in `lang`: the catalogue entry whose English template it fills, filled in `lang`
/// with the same values. English, or a sentence no entry matches, comes back as it is.
///
/// ```
/// use annex_audit::lang::Lang;
/// use annex_audit::messages::translate;
/// assert_eq!(
///     translate("no total column in the header (排名, 名称)", Lang::Zh),
///     "表头中没有总分列（排名, 名称）"
/// );
/// assert_eq!(translate("in a header (word/header1.xml): not audited by default", Lang::Zh),
///     "位于页眉（word/header1.xml）：默认不审核");
/// assert_eq!(
///     translate("no row of numbers within the first 6 rows; no figures below the header", Lang::Zh),
///     "前 6 行内没有数字行；表头下没有数字"
/// );
/// assert_eq!(translate("something else", Lang::Zh), "something else");
/// ```
pub fn translate(text: &str, lang: Lang) -> Cow<'_, str> {
    if lang == Lang::En {
        return Cow::Borrowed(text);
    }
    for msg in BUILT_IN_ENGLISH {
        if let Some(values) = msg.unfill(text) {
            let words: Vec<(&str, String)> = values
                .into_iter()
                .map(|(name, value)| {
                    let word = if name == "reason" {
                        // A sentence inside a sentence (`{reason}; no figures below the header`).
                        translate(value, lang).into_owned()
                    } else {
                        PARTS
                            .iter()
                            .find(|p| p.en == value)
                            .map_or_else(|| value.to_string(), |p| p.get(lang).to_string())
                    };
                    (name, word)
                })
                .collect();
            let args: Vec<(&str, &dyn Display)> = words
                .iter()
                .map(|(name, word)| (*name, word as &dyn Display))
                .collect();
            return Cow::Owned(msg.fill(lang, &args));
        }
    }
    Cow::Borrowed(text)
}

/// Whether `text` holds a CJK ideograph (or CJK punctuation): a Chinese text must.
pub fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_has_both_languages_with_chinese_in_the_chinese() {
        assert!(ALL.len() > 90, "the catalogue lost entries: {}", ALL.len());
        let mut problems = Vec::new();
        for m in ALL {
            if m.zh.trim().is_empty() {
                problems.push(format!("{}: no Chinese", m.key));
            } else if !has_cjk(m.zh) {
                problems.push(format!(
                    "{}: the Chinese has no Chinese character: {}",
                    m.key, m.zh
                ));
            }
            if m.en.trim().is_empty() {
                problems.push(format!("{}: no English", m.key));
            }
            let mut zh = Msg::placeholders(m.zh);
            let mut en = Msg::placeholders(m.en);
            zh.sort_unstable();
            zh.dedup();
            en.sort_unstable();
            en.dedup();
            // English plural endings (`row{s}`, `row{rows_s}`) have no Chinese counterpart.
            en.retain(|n| *n != "s" && !n.ends_with("_s"));
            if zh != en {
                problems.push(format!("{}: placeholders differ: {zh:?} / {en:?}", m.key));
            }
        }
        let mut keys: Vec<&str> = ALL.iter().map(|m| m.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), ALL.len(), "a key twice");
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_built_english_sentence_comes_back_in_chinese() {
        for m in BUILT_IN_ENGLISH {
            let names = Msg::placeholders(m.en);
            let values: Vec<String> = (0..names.len()).map(|i| format!("值{i}")).collect();
            let args: Vec<(&str, &dyn Display)> = names
                .iter()
                .zip(&values)
                .map(|(n, v)| (*n, v as &dyn Display))
                .collect();
            let english = m.fill(Lang::En, &args);
            assert_eq!(
                translate(&english, Lang::Zh),
                m.fill(Lang::Zh, &args),
                "{}",
                m.key
            );
            assert_eq!(translate(&english, Lang::En), english);
        }
    }

    #[test]
    fn a_value_holding_braces_is_not_filled_again() {
        let filled = WITH_PATH.fill(Lang::Zh, &[("path", &"{why}"), ("why", &"x")]);
        assert_eq!(filled, "{why}：x");
    }

    #[test]
    fn every_check_and_severity_has_a_name() {
        for id in [
            "total",
            "range",
            "weights",
            "rule",
            "rank",
            "cell",
            "duplicate",
            "precision",
            "revision",
            "hidden",
            "sum_row",
            "sum",
            "derived",
            "per_item",
            "crosscheck",
            "text",
        ] {
            assert!(check_name(id).is_some(), "{id}");
        }
        for id in ["critical", "error", "warning", "notice"] {
            assert!(severity_name(id).is_some(), "{id}");
        }
    }
}
