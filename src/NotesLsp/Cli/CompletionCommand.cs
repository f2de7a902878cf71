using System.CommandLine;

namespace NotesLsp.Cli;

/// <summary>
/// <c>notes-lsp completion bash|zsh|pwsh</c>: a script that asks notes-lsp itself for completions through
/// System.CommandLine's <c>[suggest:position]</c> directive, so commands, options, formats and rule codes complete.
/// </summary>
internal static class CompletionCommand
{
    public static Command Create(TextWriter stdout)
    {
        var shell = new Argument<string>("shell") { Description = "The shell to write the script for." };
        shell.AcceptOnlyFromAmong("bash", "zsh", "pwsh");
        var command = new Command("completion", "Print a shell completion script: eval \"$(notes-lsp completion bash)\" in ~/.bashrc, the same with zsh in ~/.zshrc, or notes-lsp completion pwsh | Out-String | Invoke-Expression in a PowerShell profile.")
        {
            shell,
        };
        command.SetAction(result =>
        {
            stdout.Write(result.GetValue(shell) switch
            {
                "zsh" => Zsh,
                "pwsh" => Pwsh,
                _ => Bash,
            });
            return 0;
        });
        return command;
    }

    private const string Bash = """
        _notes_lsp_complete() {
          local IFS=$'\n'
          COMPREPLY=( $(compgen -W "$(notes-lsp "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _notes_lsp_complete notes-lsp

        """;

    private const string Zsh = """
        _notes_lsp_complete() {
          local -a items
          items=("${(@f)$(notes-lsp "[suggest:${#LBUFFER}]" "$BUFFER" 2>/dev/null)}")
          compadd -a items
        }
        compdef _notes_lsp_complete notes-lsp

        """;

    private const string Pwsh = """
        Register-ArgumentCompleter -Native -CommandName notes-lsp -ScriptBlock {
          param($wordToComplete, $commandAst, $cursorPosition)
          notes-lsp "[suggest:$cursorPosition]" "$commandAst" | ForEach-Object {
            [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
          }
        }

        """;
}
