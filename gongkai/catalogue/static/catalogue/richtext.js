// The record editor's rich-text body (ADR 0032): turns each <textarea data-richtext> into a
// django-prose-editor (Tiptap) editor with a toolbar. The textarea stays the form field and
// receives the editor's HTML on every change; the server cleans it (catalogue/richtext.py).
// Without this script the textarea takes plain text, which the server keeps as text.
// Tiptap's injected <style> is switched off: the page's policy allows no inline style, and
// the editor's stylesheet (django_prose_editor/editor.css) carries what it needs.
import {
  Blockquote, Bold, BulletList, Document, Dropcursor, Editor, Gapcursor, HardBreak, Heading,
  History, HorizontalRule, Italic, Link, ListItem, Menu, OrderedList, Paragraph, Strike,
  Subscript, Superscript, Table, TableCell, TableHeader, TableRow, Text, Underline,
} from "../django_prose_editor/editor.js";

// as catalogue/richtext.py's is_markup: the editor's HTML opens with a block element
const MARKUP = /^\s*<(p|h[2-4]|ul|ol|table|blockquote|hr)[\s/>]/i;

function escapeText(text) {
  const div = document.createElement("div");
  div.textContent = text;
  return div.innerHTML;
}

// A plain-text body (one typed without the editor) as paragraphs, as the public page shows it.
function paragraphs(text) {
  return text.split(/\n\s*\n/).filter((p) => p.trim())
    .map((p) => "<p>" + p.split("\n").map(escapeText).join("<br>") + "</p>").join("");
}

// The toolbar's names are English in django-prose-editor (no Chinese catalogue ships with
// it); staff pages are Chinese, so are the names a screen reader speaks and the tooltips.
const NAMES = {
  paragraph: "段落", "unordered list": "项目符号列表", "ordered list": "编号列表",
  "List properties": "列表属性", blockquote: "引用", "horizontal rule": "分隔线",
  bold: "加粗", italic: "倾斜", underline: "下划线", strike: "删除线", subscript: "下标",
  superscript: "上标", "insert link": "插入链接", "remove link": "取消链接", undo: "撤销",
  redo: "重做", "Insert table": "插入表格", "Merge cells": "合并单元格", "Split cell": "拆分单元格",
  "Heading 2": "二级标题", "Heading 3": "三级标题", "Heading 4": "四级标题", Paragraph: "段落",
};

function translateToolbar(root) {
  if (document.documentElement.lang !== "zh-CN") return;
  root.querySelectorAll("[aria-label], [title]").forEach((el) => {
    for (const attr of ["aria-label", "title"]) {
      const name = NAMES[el.getAttribute(attr)];
      if (name) el.setAttribute(attr, name);
    }
  });
  root.querySelectorAll(".prose-menubar__option > *").forEach((el) => {
    const name = NAMES[el.textContent.trim()];
    if (name) el.textContent = name;
  });
}

function enhance(textarea) {
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  if (label && !label.id) label.id = `${textarea.id}-label`;
  const wrapper = document.createElement("div");
  wrapper.className = "prose-editor";
  textarea.before(wrapper);
  wrapper.append(textarea);
  const value = textarea.value;
  const attributes = { role: "textbox", "aria-multiline": "true", lang: "zh-CN" };
  if (label) attributes["aria-labelledby"] = label.id;
  const described = textarea.getAttribute("aria-describedby");
  if (described) attributes["aria-describedby"] = described;
  const editor = new Editor({
    element: wrapper,
    injectCSS: false,
    content: MARKUP.test(value) ? value : paragraphs(value),
    editorProps: { attributes },
    extensions: [
      Document, Paragraph, Text, HardBreak, History, Dropcursor, Gapcursor, Menu,
      Heading.configure({ levels: [2, 3, 4] }), Bold, Italic, Underline, Strike, Subscript,
      Superscript, BulletList, OrderedList, ListItem, Blockquote, HorizontalRule,
      Link.configure({ openOnClick: false }), Table, TableRow, TableHeader, TableCell,
    ],
    onUpdate({ editor: changed }) { textarea.value = changed.getHTML(); },
  });
  textarea.hidden = true;
  // the toolbar is built (and its buttons rebuilt) after the editor starts
  translateToolbar(wrapper);
  new MutationObserver(() => translateToolbar(wrapper))
    .observe(wrapper, { subtree: true, childList: true, attributes: true,
                        attributeFilter: ["aria-label", "title"] });
  if (label) {
    // the label now names the editor (aria-labelledby), not the hidden textarea
    label.removeAttribute("for");
    label.addEventListener("click", () => editor.commands.focus());
  }
  textarea.dataset.richtextReady = "1";
}

document.querySelectorAll("textarea[data-richtext]").forEach(enhance);
