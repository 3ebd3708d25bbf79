-- A pandoc custom reader: its input is a JSON "job" written by pipeline/markdown.py,
-- a list of blocks to lay out in order. Markdown blocks are parsed one by one,
-- so an unclosed list or fence in one field cannot swallow the next; plain text
-- is never parsed at all, so names and titles appear exactly as written.

-- Raw OOXML, raw HTML and raw TeX are off: an author's text is data, never markup
-- that reaches the document as it stands. Implicit figures are off too: pandoc
-- would print an image's alt text under it as a caption, when alt text is the
-- description a screen reader gives instead of the picture. A caption is the
-- image's title, ![alt text](chart.png "Caption"), and only when written.
local MARKDOWN = "markdown-raw_attribute-raw_html-raw_tex-yaml_metadata_block-implicit_figures"
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

-- Pandoc runs with --sandbox, so it reads no file and fetches no address by
-- itself; the only images a document gets are those put in its media bag
-- here. An image is read when it names a file under the job's input tree
-- (validation has refused everything else, symlinks leading out included);
-- anything else shows as its alt text. Links that are not web or email
-- addresses or places in the document become their text.
local root = nil
local images = 0
local MIME = { png = "image/png", jpg = "image/jpeg", jpeg = "image/jpeg", gif = "image/gif", bmp = "image/bmp",
               tif = "image/tiff", tiff = "image/tiff", emf = "image/x-emf", wmf = "image/x-wmf", svg = "image/svg+xml" }

-- `path` with its "." and ".." segments taken away, as the file system reads them.
local function collapsed(path)
  local parts = {}
  for part in path:gmatch("[^/]+") do
    if part == ".." then
      if #parts == 0 then
        return nil
      end
      table.remove(parts)
    elseif part ~= "." then
      table.insert(parts, part)
    end
  end
  return "/" .. table.concat(parts, "/")
end

local function inside(path)
  return root ~= nil and path ~= nil and path:sub(1, #root + 1) == root .. "/"
end

local function embedded(image, base)
  local src = image.src
  local extension = (src:match("%.(%w+)$") or ""):lower()
  if base == nil or src:match("^%a[%w+.-]*:") or src:match("^[/\\]") or MIME[extension] == nil then
    return nil
  end
  local path = collapsed(base .. "/" .. src)
  if not inside(path) then
    return nil
  end
  local file = io.open(path, "rb")
  if file == nil then
    return nil
  end
  local data = file:read("a")
  file:close()
  images = images + 1
  local name = "image" .. images .. "." .. extension
  pandoc.mediabag.insert(name, MIME[extension], data)
  image.src = name
  return image
end

local function safe_link(target)
  return target:match("^[Hh][Tt][Tt][Pp][Ss]?://%S+$") or target:match("^[Mm][Aa][Ii][Ll][Tt][Oo]:%S+$")
    or target:match("^#%S*$")
end

-- A marker paragraph holding `name`.
local function marker(name)
  return pandoc.Div(pandoc.Para(pandoc.Str(name)), { ["custom-style"] = MARKER_STYLE })
end

-- A paragraph holding one image with a title: a figure, its title the caption,
-- numbered ("Figure 2: ...") when the house style's job says how.
local figures = { label = nil, count = 0 }

local function figure(para)
  local images, other = {}, false
  for _, inline in ipairs(para.content) do
    if inline.t == "Image" then
      table.insert(images, inline)
    elseif inline.t ~= "Space" and inline.t ~= "SoftBreak" then
      other = true
    end
  end
  if other or #images ~= 1 or images[1].title == "" then
    return nil
  end
  local caption = pandoc.Inlines(images[1].title)
  if figures.label then
    figures.count = figures.count + 1
    local number = figures.label:gsub("{number}", tostring(figures.count))
    caption = pandoc.Inlines(number .. ": " .. images[1].title)
  end
  return pandoc.Figure(pandoc.Plain { images[1] }, { pandoc.Plain(caption) })
end

-- An author's ::: landscape (or ::: portrait) div around a table: a marker
-- before its content says so to pipeline/tables.py, which otherwise decides
-- from the table's columns.
local function oriented(div)
  for _, name in ipairs({ "landscape", "portrait" }) do
    if div.classes:includes(name) then
      local blocks = pandoc.Blocks { marker("table:" .. name) }
      blocks:extend(div.content)
      return blocks
    end
  end
  return nil
end

local function contained(blocks, base)
  return blocks:walk {
    Div = oriented,
    Image = function(image)
      return embedded(image, base) or pandoc.Span(image.caption)
    end,
    Para = figure,
    Link = function(link)
      if safe_link(link.target) then
        return link
      end
      return pandoc.Span(link.content)
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
  return contained(pandoc.read(text, format, opts).blocks, base)
end

-- `blocks` with every heading moved down by as many levels as it takes for the
-- shallowest to be at `top` (never up, never past level 6).
local function below(blocks, top)
  if top == nil then
    return blocks
  end
  local shallowest = 7
  blocks:walk { Header = function(header) shallowest = math.min(shallowest, header.level) end }
  local by = top - shallowest
  if by <= 0 then
    return blocks
  end
  return blocks:walk { Header = function(header) header.level = math.min(header.level + by, 6); return header end }
end

local handlers = {
  marker = function(block)
    return { marker(block.name) }
  end,
  markdown = function(block, opts)
    return below(markdown(block.text, block.base, opts, block.identifiers), block.top)
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
  if job.root then
    root = pandoc.path.normalize(job.root)
  end
  figures.label = job.figures
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
