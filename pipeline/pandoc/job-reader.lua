-- A pandoc custom reader: its input is a JSON "job" written by pipeline/markdown.py,
-- a list of blocks to lay out in order. Markdown blocks are parsed one by one,
-- so an unclosed list or fence in one field cannot swallow the next; plain text
-- is never parsed at all, so names and titles appear exactly as written.

-- Raw OOXML, raw HTML and raw TeX are off: an author's text is data, never markup
-- that reaches the document as it stands.
local MARKDOWN = "markdown-raw_attribute-raw_html-raw_tex-yaml_metadata_block"
-- Markers are paragraphs in this style holding a name; pipeline/compose.py finds
-- them after composing and acts on them (fill a cover-sheet slot, break a page...).
local MARKER_STYLE = "Boardpapers Marker"

local function inlines(text, strong, italic)
  local content = pandoc.Inlines(text)
  if italic then
    content = pandoc.Inlines { pandoc.Emph(content) }
  end
  if strong then
    content = pandoc.Inlines { pandoc.Strong(content) }
  end
  return content
end

-- Images are named relative to the Markdown's own folder; pandoc reads them
-- relative to its working folder, so make them absolute.
local function rebase(blocks, base)
  if base == nil then
    return blocks
  end
  return blocks:walk {
    Image = function(image)
      if not image.src:match("^%a[%w+.-]*:") and not image.src:match("^/") then
        image.src = base .. "/" .. image.src
      end
      return image
    end,
  }
end

-- A paragraph in a named Word style, when the job gives one.
local function styled(block, paragraph)
  if block.style then
    return pandoc.Div(paragraph, { ["custom-style"] = block.style })
  end
  return paragraph
end

local function markdown(text, base, opts, identifiers)
  local format = MARKDOWN
  if not identifiers then
    format = format .. "-auto_identifiers"
  end
  return rebase(pandoc.read(text, format, opts).blocks, base)
end

local handlers = {
  marker = function(block)
    return { pandoc.Div(pandoc.Para(pandoc.Str(block.name)), { ["custom-style"] = MARKER_STYLE }) }
  end,
  markdown = function(block, opts)
    return markdown(block.text, block.base, opts, block.identifiers)
  end,
  ordered_list = function(block, opts)
    local items = {}
    for _, text in ipairs(block.items) do
      table.insert(items, markdown(text, block.base, opts, false))
    end
    return { pandoc.OrderedList(items, pandoc.ListAttributes(1, block.style, block.delimiter)) }
  end,
  plain = function(block)
    return { styled(block, pandoc.Para(inlines(block.text, block.strong, block.italic))) }
  end,
  lines = function(block)
    local content = pandoc.Inlines {}
    for index, line in ipairs(block.lines) do
      if index > 1 then
        content:insert(pandoc.LineBreak())
      end
      content:extend(inlines(line.text, line.strong, false))
    end
    return { styled(block, pandoc.Para(content)) }
  end,
  bullets = function(block)
    local items = {}
    for _, text in ipairs(block.items) do
      table.insert(items, { pandoc.Plain(inlines(text)) })
    end
    return { pandoc.BulletList(items) }
  end,
  heading = function(block)
    return { pandoc.Header(block.level, inlines(block.text)) }
  end,
}

function Reader(input, opts)
  local job = pandoc.json.decode(tostring(input), false)
  local blocks = pandoc.Blocks {}
  for _, block in ipairs(job.blocks) do
    local handler = handlers[block.type]
    if handler == nil then
      error("unknown block type in job: " .. tostring(block.type))
    end
    blocks:extend(handler(block, opts))
  end
  return pandoc.Pandoc(blocks)
end
