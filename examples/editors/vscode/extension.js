// A minimal VS Code extension that runs `reportlint lsp` on Markdown and
// plain-text files. Install: `npm install` in this folder, then copy or
// symlink the folder into ~/.vscode/extensions/ (or run it with F5 from VS
// Code's extension development host). See docs/lsp.md.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("reportlint").get("path") || "reportlint";
  const serverOptions = { command, args: ["lsp"] };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "plaintext" },
      { scheme: "untitled", language: "markdown" },
    ],
    // Tell the server when a configuration or rule pack changes (it also
    // notices by itself within a few seconds).
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{yaml,yml}"),
    },
  };
  client = new LanguageClient("reportlint", "reportlint", serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
