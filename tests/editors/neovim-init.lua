-- Headless Neovim as a reportlint client (tests/editors/neovim.sh runs it).
-- Opens the draft, starts `reportlint lsp`, waits for diagnostics, makes two
-- edits through the buffer (so Neovim sends incremental changes with its own
-- UTF-16 conversion), and writes what vim.diagnostic.get() holds after each
-- step to $REPORTLINT_OUT. Works with Neovim 0.7 (Debian 12) and later.
local bin = assert(os.getenv("REPORTLINT_BIN"), "REPORTLINT_BIN")
local report = assert(os.getenv("REPORTLINT_REPORT"), "REPORTLINT_REPORT")
local out = assert(os.getenv("REPORTLINT_OUT"), "REPORTLINT_OUT")

vim.cmd("edit " .. vim.fn.fnameescape(report))
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "reportlint",
  cmd = { bin, "lsp" },
  root_dir = vim.fn.fnamemodify(report, ":p:h"),
})
vim.lsp.buf_attach_client(buf, client)

local lines = {}
local function snapshot(title)
  table.insert(lines, title)
  local diagnostics = vim.diagnostic.get(buf)
  table.sort(diagnostics, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  for _, d in ipairs(diagnostics) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
    -- 1-based line, 0-based byte column, severity (1 error, 2 warning).
    table.insert(lines, string.format("%d:%d:%d %s %s", d.lnum + 1, d.col, d.severity, code, d.message))
  end
end

local function has(code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local c = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if c == code then
      return true
    end
  end
  return false
end

local ok = vim.wait(30000, function() return has("common/abbreviation-one-expansion") end, 20)
snapshot(ok and "open:" or "open (timed out):")

-- The Safeguarding summary score, 3 to 2: the rating no longer follows.
for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  if line:match("^Safeguarding") then
    vim.api.nvim_buf_set_text(buf, i, 7, i, 8, { "2" })
    break
  end
end
ok = vim.wait(30000, function() return has("cqc-la/rating-follows-scores") end, 20)
snapshot(ok and "after the score edit:" or "after the score edit (timed out):")

-- Rename the second expansion on the line with £, curly quotes and dashes.
for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  local s, e = line:find("Access", 1, true)
  if s then
    vim.api.nvim_buf_set_text(buf, i - 1, s - 1, i - 1, e, { "Advice" })
    break
  end
end
ok = vim.wait(30000, function() return not has("common/abbreviation-one-expansion") end, 20)
snapshot(ok and "after the rename:" or "after the rename (timed out):")

vim.fn.writefile(lines, out)
vim.lsp.stop_client(client)
vim.wait(2000, function() return vim.lsp.get_client_by_id(client) == nil end, 20)
vim.cmd("qall!")
