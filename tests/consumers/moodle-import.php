<?php
// Moodle's own question importers run on an exported file: qformat_xml or qformat_gift (with qformat_default, their
// base class, and qtype_ordering's import for ordering questions), vendored unmodified in tests/consumers/moodle/.
// Only what those files need from the rest of Moodle is stubbed here (strings, config, the question bank's list of
// plugin question types, two base classes, text helpers); nothing stubbed takes part in parsing.
//
// Usage: php moodle-import.php xml|gift FILE   Prints {"questions": [...], "errors": n, "output": "..."} as JSON:
// every question object the importer read (a category is a question of qtype "category"), how many import errors
// it reported, and what it printed (its error messages are HTML).
//
// This file is the project's, not Moodle's.

define('MOODLE_INTERNAL', true);
define('FORMAT_MOODLE', 0);
define('FORMAT_HTML', 1);
define('FORMAT_PLAIN', 2);
define('FORMAT_WIKI', 3);
define('FORMAT_MARKDOWN', 4);
define('PARAM_TEXT', 'text');
define('PARAM_FILE', 'file');
define('PARAM_TAG', 'tag');

$CFG = new stdClass();
$CFG->dirroot = __DIR__ . '/moodle';
$CFG->libdir = $CFG->dirroot . '/lib';
$USER = (object) ['id' => 2];

function get_string($identifier, $component = '', $a = null) {
    return "[[$component/$identifier]]";
}

function get_config($plugin, $name = null) {
    // Moodle's defaults for what the importers read: multichoice numbering, and shuffling in quizzes.
    $defaults = ['qtype_multichoice' => ['answernumbering' => 'abc'], 'quiz' => ['shuffleanswers' => 1]];
    return $defaults[$plugin][$name] ?? false;
}

function debugging($message = '', $level = 0) {
    fwrite(STDERR, "debugging: $message\n");
}

function s($text) {
    return htmlspecialchars((string) $text, ENT_QUOTES | ENT_HTML5, 'UTF-8');
}

// clean_param: PARAM_TEXT keeps text and strips tags (our names and tags hold none); PARAM_FILE and PARAM_TAG are
// only used for attached files and tag names.
function clean_param($param, $type) {
    return $type === PARAM_TEXT ? strip_tags((string) $param) : trim((string) $param);
}

function shorten_text($text, $ideal = 30) {
    return mb_substr(strip_tags((string) $text), 0, $ideal);
}

class moodle_exception extends Exception {
    public function __construct($errorcode, $module = '', $link = '', $a = null, $debuginfo = null) {
        parent::__construct("$module/$errorcode: " . (is_string($a) ? $a : json_encode($a)) . " $debuginfo");
    }
}

class core_text {
    public static function strlen($text) { return mb_strlen((string) $text); }
    public static function substr($text, $start, $len = null) { return mb_substr((string) $text, $start, $len); }
    public static function strtolower($text) { return mb_strtolower((string) $text); }
    public static function trim_utf8_bom($text) { return preg_replace('/^\xEF\xBB\xBF/', '', $text); }
}

class core_tag_tag {
    public static function is_enabled($component, $itemtype) { return true; }
}

// The question engine's base classes: qtype_ordering (questiontype.php) and qtype_ordering_question (question.php)
// extend them, and the import uses only their own constants and methods.
class question_type {
    const DEFAULT_NUM_HINTS = 2;
}
abstract class question_graded_automatically {
}

class question_bank {
    private static $qtypes = null;

    // In Moodle: every installed question type plugin. Here: the one plugin of the export's types that imports
    // itself (ordering); the core types are read by the format classes themselves.
    public static function get_all_qtypes() {
        if (self::$qtypes === null) {
            self::$qtypes = ['ordering' => new qtype_ordering()];
        }
        return self::$qtypes;
    }

    public static function get_qtype($name, $mustexist = true) {
        return self::get_all_qtypes()[$name] ?? null;
    }
}

require_once($CFG->dirroot . '/question/format.php');
require_once($CFG->dirroot . '/question/format/xml/format.php');
require_once($CFG->dirroot . '/question/format/gift/format.php');
require_once($CFG->dirroot . '/question/type/ordering/questiontype.php');

// qformat_default::readdata and readquestions are protected: importprocess() calls them, in this order.
class harness_xml extends qformat_xml {
    public function read($file) { return $this->readquestions($this->readdata($file)); }
    public function errors() { return $this->importerrors; }
}
class harness_gift extends qformat_gift {
    public function read($file) { return $this->readquestions($this->readdata($file)); }
    public function errors() { return $this->importerrors; }
}

[$script, $kind, $file] = $argv;
$format = $kind === 'xml' ? new harness_xml() : new harness_gift();
ob_start();
$questions = $format->read($file);
$output = ob_get_clean();
echo json_encode(['questions' => $questions ?: [], 'errors' => $format->errors(), 'output' => $output],
    JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PARTIAL_OUTPUT_ON_ERROR), "\n";
