class BooksController < ApplicationController
  allow_unauthenticated_access only: %i[index show]
  before_action :set_book, only: %i[show edit update destroy]

  def index
    @books = Book.order(:title).limit(50)
  end

  def show
    @reviews = @book.reviews.order(created_at: :desc)
  end

  def new
    @book = Book.new
  end

  def create
    @book = Book.new(book_params)
    if @book.save
      redirect_to @book, notice: "Book added."
    else
      render :new, status: :unprocessable_entity
    end
  end

  def edit; end

  def update
    if @book.update(book_params)
      redirect_to @book, notice: "Book updated."
    else
      render :edit, status: :unprocessable_entity
    end
  end

  def destroy
    @book.destroy!
    redirect_to books_path, notice: "Book removed.", status: :see_other
  end

  private
    def set_book
      @book = Book.find(params[:id])
    end

    def book_params
      params.expect(book: %i[title author isbn published_on])
    end
end
