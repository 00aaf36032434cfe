-- reportlint in Neovim: put this file in ~/.config/nvim/plugin/ (or require
-- it from init.lua). Starts `reportlint lsp` for Markdown and text buffers,
-- one server per folder holding a reportlint.yaml (else per file's folder).
--
-- Neovim 0.8 or later (vim.lsp.start). On 0.11+ you can instead write
--   vim.lsp.config("reportlint", { cmd = { "reportlint", "lsp" },
--     filetypes = { "markdown", "text" }, root_markers = { "reportlint.yaml", ".reportlint.yaml" } })
--   vim.lsp.enable("reportlint")
-- On 0.7 use vim.lsp.start_client and vim.lsp.buf_attach_client, as
-- tests/editors/neovim-init.lua in the reportlint repository does.
vim.api.nvim_create_autocmd("FileType", {
  pattern = { "markdown", "text" },
  callback = function(args)
    local file = vim.api.nvim_buf_get_name(args.buf)
    local config = vim.fs.find({ "reportlint.yaml", ".reportlint.yaml" }, { upward = true, path = vim.fs.dirname(file) })[1]
    vim.lsp.start({
      name = "reportlint",
      cmd = { "reportlint", "lsp" },
      root_dir = config and vim.fs.dirname(config) or vim.fs.dirname(file),
    }, { bufnr = args.buf })
  end,
})
