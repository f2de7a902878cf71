-- Neovim acceptance test for notes-lsp, driven by Neovim's built-in LSP client (works on 0.7.2, Debian 12).
--
--   NOTES_LSP_CMD='dotnet /path/NotesLsp.dll server' NOTES_LSP_ROOT=/path/to/notes NOTES_LSP_FILE=/path/to/notes/KnowledgeEditing.notes \
--   NOTES_LSP_RESULT=/tmp/result.json nvim --headless -u NONE -i NONE -n -c 'luafile tests/nvim/acceptance.lua'
--
-- Exits 0 when every check passed (`qa!`), non-zero otherwise (`cq!`); NOTES_LSP_RESULT receives a JSON report.

local results = { checks = {} }
local failed = false

local function check(name, ok, detail)
  table.insert(results.checks, { name = name, ok = ok and true or false, detail = detail and tostring(detail) or '' })
  if not ok then
    failed = true
  end
end

local function finish()
  results.failed = failed
  local path = os.getenv('NOTES_LSP_RESULT')
  if path then
    local f = io.open(path, 'w')
    f:write(vim.fn.json_encode(results))
    f:close()
  end
  if failed then
    vim.cmd('cq!')
  else
    vim.cmd('qa!')
  end
end

local ok, err = pcall(function()
  local cmd = vim.split(os.getenv('NOTES_LSP_CMD') or 'notes-lsp server', ' ', { trimempty = true })
  local root = assert(os.getenv('NOTES_LSP_ROOT'), 'NOTES_LSP_ROOT not set')
  local file = assert(os.getenv('NOTES_LSP_FILE'), 'NOTES_LSP_FILE not set')
  results.nvim = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '.' .. tostring(vim.version().patch)

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local win = vim.api.nvim_get_current_win()
  vim.bo[buf].filetype = 'notes'

  local exit_code = nil
  local client_id = vim.lsp.start_client({
    name = 'notes-lsp',
    cmd = cmd,
    root_dir = root,
    on_exit = function(code)
      exit_code = code
    end,
  })
  check('client started', client_id ~= nil)
  vim.lsp.buf_attach_client(buf, client_id)

  local initialized = vim.wait(20000, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized
  end, 50)
  check('initialized', initialized)
  local client = vim.lsp.get_client_by_id(client_id)
  check('completion capability', client.server_capabilities and client.server_capabilities.completionProvider ~= nil
    or client.resolved_capabilities and client.resolved_capabilities.completion)

  -- Diagnostics arrive (the test turns on NL014 glued-entry hints, and the corpus has glued entries).
  local got = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  local diagnostics = vim.diagnostic.get(buf)
  check('diagnostics arrive', got, #diagnostics .. ' diagnostics')

  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)

  -- Completion after '#' on the first tag line lists the workspace's tags.
  local tag_line = nil
  for i, l in ipairs(lines) do
    if l:sub(1, 1) == '#' then
      tag_line = i
      break
    end
  end
  vim.api.nvim_win_set_cursor(win, { tag_line, 1 })
  local params = vim.lsp.util.make_position_params()
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/completion', params, 10000) or {}
  local labels = {}
  for _, r in pairs(responses) do
    local items = r.result and (r.result.items or r.result) or {}
    for _, item in ipairs(items) do
      labels[item.label] = true
    end
  end
  check('completion lists tags', labels['NLP'] and labels['LanguageModel'], vim.fn.json_encode(vim.tbl_keys(labels)):sub(1, 200))

  -- Definition on a ・NNNN reference: the request answers with the entry's header, and jumping moves the cursor there.
  local jumped = false
  for i, l in ipairs(lines) do
    local s = l:find('・%d+')
    if s then
      vim.api.nvim_win_set_cursor(win, { i, s - 1 + #'・' })
      local p = vim.lsp.util.make_position_params()
      local defs = vim.lsp.buf_request_sync(buf, 'textDocument/definition', p, 10000) or {}
      local locations = {}
      for _, r in pairs(defs) do
        for _, loc in ipairs(r.result or {}) do
          table.insert(locations, loc)
        end
      end
      if #locations == 1 and locations[1].uri == vim.uri_from_bufnr(buf) then
        local target = locations[1].range.start.line + 1
        check('definition answers with a header', lines[target]:find('Issue Date:', 1, true) ~= nil, 'line ' .. target)
        vim.lsp.buf.definition()
        jumped = vim.wait(10000, function() return vim.api.nvim_win_get_cursor(win)[1] == target end, 50)
        check('definition jumps', jumped, 'from line ' .. i .. ' to ' .. target .. ', cursor at ' .. vim.api.nvim_win_get_cursor(win)[1])
        break
      end
    end
  end
  check('a reference with a definition in this file was found', jumped)

  -- Document symbols list the entries under the category.
  local symbols = vim.lsp.buf_request_sync(buf, 'textDocument/documentSymbol', { textDocument = vim.lsp.util.make_text_document_params() }, 10000) or {}
  local entries = 0
  local category = nil
  local anchors = 0
  for _, l in ipairs(lines) do
    local _, n = l:gsub('Issue Date:', '')
    anchors = anchors + n
  end
  for _, r in pairs(symbols) do
    for _, s in ipairs(r.result or {}) do
      category = s.name
      entries = entries + #(s.children or {})
    end
  end
  check('document symbols list the entries', category == lines[1] and entries == anchors, tostring(category) .. ': ' .. entries .. ' of ' .. anchors)

  -- Code lenses: one per numbered entry header, resolved (codeLens/resolve) with the backlink and dump counts.
  vim.lsp.codelens.refresh()
  local lenses = {}
  local resolved = vim.wait(20000, function()
    lenses = vim.lsp.codelens.get(buf)
    if #lenses == 0 then return false end
    for _, l in ipairs(lenses) do
      if not l.command then return false end
    end
    return true
  end, 50)
  local bad, with_refs, sample = {}, nil, nil
  for _, l in ipairs(lenses) do
    local title = l.command and l.command.title or '(unresolved)'
    sample = sample or title
    if not (title:find('^%d+ entr') and title:find(' refers? to it') and title:find(' · kept in %d+ dumps?$')) or l.command.command ~= 'notesLsp.showReferences' then
      table.insert(bad, title)
    elseif not title:find('^0 ') then
      with_refs = with_refs or l
    end
    if lines[l.range.start.line + 1]:find('Issue Date:', 1, true) == nil then
      table.insert(bad, 'not on a header: line ' .. (l.range.start.line + 1))
    end
  end
  check('code lenses resolve with reference counts', resolved and #bad == 0 and #lenses == anchors and with_refs ~= nil,
    #lenses .. ' lenses for ' .. anchors .. ' entries; e.g. "' .. tostring(sample) .. '"; bad: ' .. table.concat(bad, ' | '):sub(1, 200))

  -- Running a lens: the README's handler for notesLsp.showReferences fills the quickfix list with the backlinks.
  vim.lsp.commands['notesLsp.showReferences'] = function(command, ctx)
    local locations = command.arguments and command.arguments[3] or {}
    local encoding = vim.lsp.get_client_by_id(ctx.client_id).offset_encoding
    vim.fn.setqflist({}, ' ', { title = 'notes-lsp references', items = vim.lsp.util.locations_to_items(locations, encoding) })
    vim.cmd('copen')
  end
  local qf = {}
  if with_refs then
    vim.api.nvim_set_current_win(win)
    vim.api.nvim_win_set_cursor(win, { with_refs.range.start.line + 1, 0 })
    vim.lsp.codelens.run()
    vim.wait(5000, function() qf = vim.fn.getqflist(); return #qf > 0 end, 50)
    vim.cmd('cclose')
    vim.api.nvim_set_current_win(win)
  end
  local expected_refs = with_refs and tonumber(with_refs.command.title:match('^(%d+)')) or -1
  check('code lens command fills the quickfix list', #qf > 0 and #qf >= expected_refs and qf[1].text:find('・') ~= nil,
    #qf .. ' quickfix items for "' .. (with_refs and with_refs.command.title or '?') .. '"' .. (qf[1] and (': ' .. qf[1].text:sub(1, 60)) or ''))

  -- Pushed diagnostics still arrive with lenses in use: an entry with an impossible date is appended (NL003 is pushed
  -- for it), then removed again (and its diagnostic with it).
  local last = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, last, last, false, { "Issue Date: 2025-02-30 #99999 Impossible, A+, ACL'25 Summary s" })
  local function has_nl003()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == 'NL003' and d.lnum == last then return true end
    end
    return false
  end
  local pushed = vim.wait(10000, has_nl003, 50)
  vim.api.nvim_buf_set_lines(buf, last, last + 1, false, {})
  local cleared = vim.wait(10000, function() return not has_nl003() end, 50)
  check('pushed diagnostics still arrive', pushed and cleared, 'NL003 on line ' .. (last + 1) .. ': pushed ' .. tostring(pushed) .. ', cleared ' .. tostring(cleared))

  -- An incremental edit: break the first date; an NL002 diagnostic follows.
  for i, l in ipairs(lines) do
    local s, e = l:find('Issue Date: %d%d%d%d%-%d%d%-%d%d')
    if s then
      local month = e - 4 -- the month's leading digit
      vim.api.nvim_buf_set_text(buf, i - 1, month - 1, i - 1, month, { '' })
      break
    end
  end
  local nl002 = vim.wait(10000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == 'NL002' then return true end
    end
    return false
  end, 50)
  check('incremental change re-publishes diagnostics', nl002)

  -- Shutdown and exit: the server exits with 0.
  vim.lsp.stop_client(client_id)
  local exited = vim.wait(10000, function() return exit_code ~= nil end, 50)
  check('server exits with 0 after shutdown', exited and exit_code == 0, tostring(exit_code))
end)

if not ok then
  check('script ran without error', false, err)
end
finish()
